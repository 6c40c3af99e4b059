package io.ember.r2dbc.relation;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Inclusion;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.RelationKeys;
import io.ember.core.model.RelationMetadata;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.r2dbc.spi.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One level of an include tree: the rows of one model, the columns to read for them (those asked
 * for plus the keys the level's relations and its parent need), the relations to load into them,
 * and the keys to strip once loaded.
 *
 * @param <T> the model type
 */
final class Level<T> {

    private final ModelMetadata<T> model;
    private final List<PropertyMetadata> columns;
    private final int[] strip;
    private final List<Edge<?>> edges;

    private Level(ModelMetadata<T> model, List<PropertyMetadata> columns, int[] strip, List<Edge<?>> edges) {
        this.model = model;
        this.columns = columns;
        this.strip = strip;
        this.edges = edges;
    }

    /**
     * Plans a level.
     *
     * @param requested the columns the filter asks for
     * @param include   the relations to load into the rows
     * @param groupKey  a key the level above needs to match these rows to their parents, or {@code null}
     * @param path      where this level's filter sits in the whole filter, for error messages
     * @throws InvalidFilterException naming the path of an unknown relation
     */
    static <T> Level<T> plan(ModelMetadata<T> model, List<PropertyMetadata> requested, List<Inclusion> include,
                             @Nullable PropertyMetadata groupKey, String path) {
        LinkedHashSet<PropertyMetadata> read = new LinkedHashSet<>(requested);
        if (groupKey != null) {
            read.add(groupKey);
        }
        List<Edge<?>> edges = new ArrayList<>(include.size());
        for (int i = 0; i < include.size(); i++) {
            Inclusion inclusion = include.get(i);
            String at = (path.isEmpty() ? "include" : path + ".include") + "[" + i + "]";
            RelationMetadata relation = model.relation(inclusion.relation());
            if (relation == null) {
                throw new InvalidFilterException(at + ".relation", "unknown relation '" + inclusion.relation()
                        + "' of " + model.type().getSimpleName());
            }
            RelationKeys keys = RelationKeys.of(model, relation);
            read.add(keys.parentKey());
            edges.add(Edge.plan(keys, inclusion, at));
        }
        List<PropertyMetadata> columns = read.size() == requested.size() ? requested : List.copyOf(read);
        int[] strip = read.stream().filter(p -> !requested.contains(p)).mapToInt(PropertyMetadata::index).toArray();
        return new Level<>(model, columns, strip, List.copyOf(edges));
    }

    /** The columns to read for this level's rows, in the order the reader expects them. */
    List<PropertyMetadata> columns() {
        return columns;
    }

    /** True when the rows need nothing after they are read: no relation to load, no key to strip. */
    boolean isLeaf() {
        return edges.isEmpty() && strip.length == 0;
    }

    /**
     * Loads this level's relations into a list of its rows, given as component arrays read by the
     * level's columns (one statement per relation, whatever the number of rows; one after the other),
     * strips the keys read only for them, and builds each row's instance once. Emits the instances
     * in the same order. The arrays are reused: relation components set, stripped keys cleared.
     * Child statements run on {@code connection}, free for them, or, when {@code null}, on the call's
     * transaction or a pooled connection ({@link PostgresDataSource#withConnection}). Cold.
     */
    Mono<List<T>> complete(List<@Nullable Object[]> rows, @Nullable Connection connection, PostgresDataSource dataSource,
                           Options options) {
        if (rows.isEmpty()) {
            return Mono.just(List.of());
        }
        if (edges.isEmpty()) {
            return Mono.fromSupplier(() -> assemble(rows, List.of()));
        }
        if (edges.size() == 1) {
            return edges.get(0).load(rows, connection, dataSource, options).map(loaded -> assemble(rows, List.of(loaded)));
        }
        return Flux.fromIterable(edges)
                .concatMap(edge -> edge.load(rows, connection, dataSource, options), 1)
                .collectList()
                .map(loaded -> assemble(rows, loaded));
    }

    /** The instance of one row whose relations are set: keys read only for relations cleared. */
    T build(@Nullable Object[] components) {
        for (int index : strip) {
            components[index] = null;
        }
        int count = model.componentCount();
        return model.newInstance(components.length == count ? components : Arrays.copyOf(components, count));
    }

    private List<T> assemble(List<@Nullable Object[]> rows, List<Map<Object, List<Object>>> loaded) {
        List<T> out = new ArrayList<>(rows.size());
        for (@Nullable Object[] components : rows) {
            for (int e = 0; e < edges.size(); e++) {
                Edge<?> edge = edges.get(e);
                List<Object> related = loaded.get(e).get(Keys.normalize(components[edge.parentKey().index()]));
                components[edge.index()] = edge.isToMany() ? (related == null ? List.of() : related)
                        : (related == null ? null : related.get(0));
            }
            out.add(build(components));
        }
        return out;
    }
}
