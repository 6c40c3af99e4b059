package io.ember.r2dbc.relation;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Inclusion;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.mapping.EntityReader;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The relations a {@code find} includes, planned when the call is made: the columns the parent
 * rows must be read with (the selection plus the keys the inclusions need) and, for each level of
 * the include tree, the one statement that loads a relation for any number of parents.
 *
 * <p>{@link #load} completes a stream of parents chunk by chunk: it reads a chunk of parents to
 * its end, then loads each relation of that chunk with one statement (parent keys as one array
 * parameter), level by level, then emits the chunk's rows in their order, the relation components
 * set (an included to-many with no rows is an empty list, a to-one with none {@code null}) and the
 * keys read only for the inclusions set to {@code null}. Internal: public only for the repository
 * package.
 *
 * @param <T> the parent model type
 */
public final class Inclusions<T> {

    /** Parents per chunk when the call sets no fetch size. */
    public static final int DEFAULT_CHUNK = 10_000;

    private final Level<T> root;

    private Inclusions(Level<T> root) {
        this.root = root;
    }

    /**
     * Plans the inclusions of a validated filter.
     *
     * @param model   the parent model
     * @param columns the columns the filter selects
     * @param include the filter's inclusions (validated against the model)
     * @throws InvalidFilterException naming the path of what cannot be included
     */
    public static <T> Inclusions<T> plan(ModelMetadata<T> model, List<PropertyMetadata> columns,
                                         List<Inclusion> include) {
        return new Inclusions<>(Level.plan(model, columns, include, null, ""));
    }

    /** The columns to read the parent rows with, in the order the parent reader must map them. */
    public List<PropertyMetadata> columns() {
        return root.columns();
    }

    /**
     * The parents completed with their relations, in their order; chunks of
     * {@code options.fetchSize()} parents when set, else {@value #DEFAULT_CHUNK}. The parents come
     * as component arrays read by {@link #columns()} ({@link EntityReader#components}); each parent's
     * instance is built once, its relations set. Child statements run on the call's or the ambient
     * transaction when there is one, else on pooled connections (one besides the parents' own while
     * the parents stream). Cold.
     */
    public Flux<T> load(Flux<@Nullable Object[]> parents, PostgresDataSource dataSource, Options options) {
        int chunk = options.fetchSize() > 0 ? options.fetchSize() : DEFAULT_CHUNK;
        return parents.buffer(chunk)
                .concatMap(rows -> root.complete(rows, dataSource, options), 1)
                .concatMapIterable(rows -> rows);
    }
}
