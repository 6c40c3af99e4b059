package io.ember.r2dbc.relation;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Inclusion;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.StatementRunner;
import io.ember.r2dbc.mapping.EntityReader;
import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.List;
import java.util.function.BiFunction;
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
     * Plans the inclusions of a validated filter; a shape planned before (same model, selection and
     * inclusions, no {@code where} in a scope) reuses its plan and its rendered statements.
     *
     * @param model   the parent model
     * @param columns the columns the filter selects
     * @param include the filter's inclusions (validated against the model)
     * @throws InvalidFilterException naming the path of what cannot be included
     */
    public static <T> Inclusions<T> plan(ModelMetadata<T> model, List<PropertyMetadata> columns,
                                         List<Inclusion> include) {
        return PlanCache.plan(model, columns, include, () -> new Inclusions<>(Level.plan(model, columns, include, null, "")));
    }

    /** The columns to read the parent rows with, in the order the parent reader must map them. */
    public List<PropertyMetadata> columns() {
        return root.columns();
    }

    /**
     * Reads the parents with {@code statement} on {@code connection} (a component array per row, see
     * {@link EntityReader#components}) and completes them as {@link #load} does. The parents'
     * statement goes through a portal only when the subscriber reads at a bounded pace, a stream that
     * may be long: when it asks for every row at once (a {@code Mono}, {@code collectList}) and the
     * call sets no fetch size, the rows come without one, although they are still completed a chunk
     * at a time. The rows are gathered into chunks next to the driver
     * ({@link StatementRunner#queryChunks}), so the statement's operators pass a chunk, not every row. Cold.
     */
    public Flux<T> read(Connection connection, SqlStatement statement,
                        BiFunction<Row, RowMetadata, @Nullable Object[]> mapper, PostgresDataSource dataSource,
                        Options options) {
        return StatementRunner.onFirstRequest(demand -> {
            int fetchSize = demand == Long.MAX_VALUE && options.fetchSize() == 0 ? Options.FETCH_ALL : options.fetchSize();
            int chunk = chunk(options);
            return complete(connection, dataSource.runner().queryChunks(connection, statement, fetchSize, mapper, chunk),
                    chunk, dataSource, options);
        });
    }

    /**
     * The parents completed with their relations, in their order, in chunks of
     * {@code options.fetchSize()} parents when set, else {@value #DEFAULT_CHUNK}: each chunk's
     * relations are loaded level by level, then its rows are emitted. The parents are component
     * arrays read by {@link #columns()} on {@code connection} ({@link EntityReader#components}); each
     * instance is built once, its relations set. Child statements run on {@code connection}. Cold.
     *
     * @param connection the connection the parents were read on, from
     *                   {@link PostgresDataSource#withConnection}: a transaction's or one of its own
     */
    public Flux<T> load(Connection connection, List<@Nullable Object[]> parents, PostgresDataSource dataSource,
                        Options options) {
        int chunk = chunk(options);
        return complete(connection, Flux.fromIterable(parents).buffer(chunk), chunk, dataSource, options);
    }

    private static int chunk(Options options) {
        return options.fetchSize() > 0 ? options.fetchSize() : DEFAULT_CHUNK;
    }

    /**
     * The chunks of parents completed, in order. On a transaction's connection, the parents are read
     * to their end, then every chunk's child statements run on that connection. On a connection of
     * its own, a chunk shorter than {@code chunk} is the last and comes once the parents' statement
     * has ended ({@link StatementRunner#queryChunks}): it loads its children on that same connection
     * (all of them when the parents fit in one chunk). A full chunk may come while the parents still
     * stream: it loads them on a second pooled connection, so that no child statement waits behind a
     * result still being read (a last chunk that happens to be full does too).
     */
    private Flux<T> complete(Connection connection, Flux<List<@Nullable Object[]>> chunks, int chunk,
                             PostgresDataSource dataSource, Options options) {
        if (!connection.isAutoCommit()) {
            return chunks.collectList()
                    .flatMapMany(all -> Flux.fromIterable(all)
                            .concatMap(rows -> root.complete(rows, connection, dataSource, options), 1))
                    .concatMapIterable(rows -> rows);
        }
        return chunks.concatMap(rows -> root.complete(rows, rows.size() < chunk ? connection : null, dataSource, options), 1)
                .concatMapIterable(rows -> rows);
    }
}
