package io.ember.r2dbc.relation;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Filters;
import io.ember.core.filter.Inclusion;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.RelationKeys;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.mapping.EntityReader;
import io.ember.r2dbc.mapping.Values;
import io.ember.r2dbc.sql.RelationSql;
import io.ember.r2dbc.sql.Selection;
import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One included relation at one level: the statement that loads its rows for a set of parents (the
 * parent keys as {@code $1}), how a row finds its parent, and the level of the related rows.
 *
 * @param <C> the related model type
 */
final class Edge<C> {

    private static final Object NO_KEYS = new Object[0];

    private final RelationKeys keys;
    private final Level<C> child;
    private final SqlStatement template;
    private final BiFunction<Row, RowMetadata, @Nullable Object[]> mapper;
    private final int keySlot;

    private Edge(RelationKeys keys, Level<C> child, SqlStatement template,
                 BiFunction<Row, RowMetadata, @Nullable Object[]> mapper, int keySlot) {
        this.keys = keys;
        this.child = child;
        this.template = template;
        this.mapper = mapper;
        this.keySlot = keySlot;
    }

    @SuppressWarnings("unchecked")
    static Edge<?> plan(RelationKeys keys, Inclusion inclusion, String path) {
        return plan((ModelMetadata<Object>) keys.target(), keys, inclusion, path);
    }

    /**
     * Plans the edge. A related row is read as its component array; through a junction the array
     * has one slot more, after the components, for the junction's parent key (the last column).
     */
    private static <C> Edge<C> plan(ModelMetadata<C> target, RelationKeys keys, Inclusion inclusion, String path) {
        Filter scope = inclusion.scope() == null ? Filter.empty() : inclusion.scope();
        String scopePath = path + ".scope";
        boolean through = keys.through() != null;
        List<PropertyMetadata> requested = Selection.columns(target, scope.fields(), scopePath);
        Level<C> child = Level.plan(target, requested, scope.include(), through ? null : keys.childKey(), scopePath);
        @Nullable Where where = inclusion.skipDefaultFilter() ? scope.where() : Filters.mergeDefault(softDelete(target), scope.where());
        boolean toMany = keys.relation().kind().isToMany();
        SqlStatement template = RelationSql.load(keys, child.columns(), where, scope.order(),
                toMany ? scope.limit() : null, toMany ? scope.skip() : 0, NO_KEYS);
        EntityReader<C> reader = new EntityReader<>(target, child.columns());
        PropertyMetadata childKey = keys.childKey();
        int count = target.componentCount();
        int parentColumn = child.columns().size();
        BiFunction<Row, RowMetadata, @Nullable Object[]> mapper = through
                ? (row, meta) -> {
                    @Nullable Object[] components = reader.components(row, count + 1);
                    components[count] = Values.read(childKey, row, parentColumn);
                    return components;
                }
                : (row, meta) -> reader.components(row, count);
        return new Edge<>(keys, child, template, mapper, through ? count : childKey.index());
    }

    private static @Nullable Where softDelete(ModelMetadata<?> target) {
        PropertyMetadata deletedAt = target.withRole(PropertyMetadata.Role.DELETED_AT);
        return deletedAt == null ? null : Where.where(deletedAt.name()).isNull();
    }

    /** The parent's property whose value the related rows match. */
    PropertyMetadata parentKey() {
        return keys.parentKey();
    }

    /** The position of the relation's component in the parent record. */
    int index() {
        return keys.relation().index();
    }

    boolean isToMany() {
        return keys.relation().kind().isToMany();
    }

    /**
     * Loads the related rows of these parents (component arrays) with one statement (none when no
     * parent has a key), completes their own relations, and emits them grouped by parent key, each
     * group in the scope's order. Rows that need nothing more are built and grouped as they arrive.
     * Runs on {@code connection} when given (free for this statement), else on the call's
     * transaction or a pooled connection. Cold.
     */
    Mono<Map<Object, List<Object>>> load(List<@Nullable Object[]> parents, @Nullable Connection connection,
                                         PostgresDataSource dataSource, Options options) {
        int parentKey = keys.parentKey().index();
        Set<Object> parentKeys = new LinkedHashSet<>(parents.size() * 4 / 3 + 1);
        for (@Nullable Object[] parent : parents) {
            Object key = Keys.normalize(parent[parentKey]);
            if (key != null) {
                parentKeys.add(key);
            }
        }
        if (parentKeys.isEmpty()) {
            return Mono.just(Map.of());
        }
        int expected = parentKeys.size();
        SqlStatement statement = RelationSql.withKeys(template, Keys.array(keys.parentKey(), parentKeys));
        // the rows come as one list (gathered next to the driver, see StatementRunner#queryChunks), or none
        Flux<List<@Nullable Object[]>> rows = connection != null ? read(connection, statement, dataSource)
                : dataSource.withConnection(options.transaction(), c -> read(c, statement, dataSource));
        if (child.isLeaf()) {
            return rows.collect(() -> new Groups(expected), (groups, list) -> {
                for (@Nullable Object[] row : list) {
                    groups.add(key(row), child.build(row));
                }
            }).map(Groups::done);
        }
        return rows.collect(ArrayList<@Nullable Object[]>::new, List::addAll).flatMap(list -> {
            @Nullable Object[] rowKeys = new Object[list.size()];
            for (int i = 0; i < rowKeys.length; i++) {
                rowKeys[i] = key(list.get(i));
            }
            return child.complete(list, connection, dataSource, options).map(done -> {
                Groups groups = new Groups(expected);
                for (int i = 0; i < rowKeys.length; i++) {
                    groups.add(rowKeys[i], done.get(i));
                }
                return groups.done();
            });
        });
    }

    private Flux<List<@Nullable Object[]>> read(Connection connection, SqlStatement statement,
                                               PostgresDataSource dataSource) {
        return dataSource.runner().queryChunks(connection, statement, 0, mapper, Integer.MAX_VALUE);
    }

    /** The normalized key of the parent a related row belongs to. */
    private @Nullable Object key(@Nullable Object[] row) {
        return Keys.normalize(row[keySlot]);
    }
}
