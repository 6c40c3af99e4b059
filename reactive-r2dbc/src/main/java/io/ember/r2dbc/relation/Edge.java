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
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
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
    private final BiFunction<Row, RowMetadata, Keyed<C>> mapper;

    private Edge(RelationKeys keys, Level<C> child, SqlStatement template, BiFunction<Row, RowMetadata, Keyed<C>> mapper) {
        this.keys = keys;
        this.child = child;
        this.template = template;
        this.mapper = mapper;
    }

    /** A related row and the (normalized) key of the parent it belongs to. */
    private record Keyed<C>(@Nullable Object key, C row) {
    }

    @SuppressWarnings("unchecked")
    static Edge<?> plan(RelationKeys keys, Inclusion inclusion, String path) {
        return plan((ModelMetadata<Object>) keys.target(), keys, inclusion, path);
    }

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
        int parentColumn = child.columns().size();
        BiFunction<Row, RowMetadata, Keyed<C>> mapper = through
                ? (row, meta) -> new Keyed<>(Keys.normalize(Values.read(childKey, row, parentColumn)), reader.apply(row, meta))
                : (row, meta) -> {
                    C entity = reader.apply(row, meta);
                    return new Keyed<>(Keys.normalize(childKey.get(entity)), entity);
                };
        return new Edge<>(keys, child, template, mapper);
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
     * Loads the related rows of these parents with one statement (none when no parent has a key),
     * completes their own relations, and emits them grouped by parent key, each group in the scope's
     * order. Cold.
     */
    Mono<Map<Object, List<Object>>> load(List<?> parents, PostgresDataSource dataSource, Options options) {
        LinkedHashSet<Object> parentKeys = new LinkedHashSet<>();
        for (Object parent : parents) {
            Object key = Keys.normalize(keys.parentKey().get(parent));
            if (key != null) {
                parentKeys.add(key);
            }
        }
        if (parentKeys.isEmpty()) {
            return Mono.just(Map.of());
        }
        SqlStatement statement = RelationSql.withKeys(template, Keys.array(keys.parentKey(), parentKeys));
        return dataSource.withConnection(options.transaction(),
                        c -> dataSource.runner().query(c, statement, 0, mapper))
                .collectList()
                .flatMap(keyed -> {
                    List<C> rows = new ArrayList<>(keyed.size());
                    keyed.forEach(k -> rows.add(k.row()));
                    return child.complete(rows, dataSource, options).map(done -> group(keyed, done));
                });
    }

    private static <C> Map<Object, List<Object>> group(List<Keyed<C>> keyed, List<C> rows) {
        Map<Object, List<Object>> groups = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Object key = keyed.get(i).key();
            if (key != null) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(rows.get(i));
            }
        }
        groups.replaceAll((k, list) -> Collections.unmodifiableList(list));
        return groups;
    }
}
