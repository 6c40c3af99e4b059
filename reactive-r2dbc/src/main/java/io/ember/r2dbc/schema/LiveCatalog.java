package io.ember.r2dbc.schema;

import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.spi.Connection;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The part of the live catalog a migration compares with the models, read over R2DBC from {@code pg_catalog}:
 * per table its columns (type name as in {@code pg_type}, {@code _text} for {@code text[]}; NOT NULL;
 * identity; whether it has a default), its constraints (kind, columns, delete rule) and its indexes
 * (access method, uniqueness).
 *
 * @param currentSchema the connection's {@code current_schema()}, where models without a schema live
 * @param tables        by {@code schema.table}
 */
record LiveCatalog(String currentSchema, Map<String, Table> tables) {

    private static final String OBJECTS = "SELECT 'c', n.nspname, c.relname, a.attname, t.typname, a.attnotnull,"
            + " a.attidentity::text || ':' || CASE WHEN a.atthasdef THEN 'd' ELSE '' END"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_type t ON t.oid = a.atttypid"
            + " WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY($1::text[])"
            + " UNION ALL SELECT 'k', n.nspname, c.relname, k.conname, k.contype::text, false, k.confdeltype::text || ':'"
            + " || COALESCE((SELECT string_agg(ka.attname, ',' ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY"
            + " u(num, ord) JOIN pg_attribute ka ON ka.attrelid = k.conrelid AND ka.attnum = u.num), '')"
            + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ANY($1::text[])"
            + " UNION ALL SELECT 'i', n.nspname, t.relname, i.relname, am.amname::text, x.indisunique, ''"
            + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
            + " JOIN pg_am am ON am.oid = i.relam"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ANY($1::text[])";

    /**
     * A live table.
     *
     * @param columns     by name
     * @param names       its constraints' and indexes' names
     * @param constraints by name
     * @param indexes     by name (a unique or primary key constraint has one of the same name)
     */
    record Table(Map<String, LiveColumn> columns, Set<String> names, Map<String, LiveConstraint> constraints,
                 Map<String, LiveIndex> indexes) {

        /** A table known by its columns and names only. */
        Table(Map<String, LiveColumn> columns, Set<String> names) {
            this(columns, names, Map.of(), Map.of());
        }

        /** The primary key constraint, or {@code null}. */
        @Nullable LiveConstraint primaryKey() {
            return constraints.values().stream().filter(k -> k.kind() == 'p').findFirst().orElse(null);
        }
    }

    /**
     * A live column.
     *
     * @param type       the {@code pg_type} name ({@code int8}, {@code _text})
     * @param notNull    whether it is NOT NULL
     * @param identity   {@code a} for GENERATED ALWAYS AS IDENTITY, {@code d} for BY DEFAULT, a space when none
     * @param hasDefault whether it has a default expression
     */
    record LiveColumn(String type, boolean notNull, char identity, boolean hasDefault) {

        LiveColumn(String type, boolean notNull) {
            this(type, notNull, ' ', false);
        }
    }

    /**
     * A live constraint.
     *
     * @param kind       {@code pg_constraint.contype}: {@code p}rimary key, {@code u}nique, {@code c}heck, {@code f}oreign key
     * @param deleteRule for a foreign key {@code pg_constraint.confdeltype} ({@code a} no action, {@code r} restrict,
     *                   {@code c} cascade, {@code n} set null, {@code d} set default)
     * @param columns    the constrained columns, in key order
     */
    record LiveConstraint(char kind, char deleteRule, List<String> columns) {
    }

    /**
     * A live index.
     *
     * @param method its access method ({@code btree}, {@code gin})
     * @param unique whether it is unique
     */
    record LiveIndex(String method, boolean unique) {
    }

    /** The table of a model, or {@code null} when it does not exist. */
    @Nullable Table table(ModelMetadata<?> model) {
        return tables.get(schemaOf(model) + "." + model.table());
    }

    /** The schema a model's table lives in. */
    String schemaOf(ModelMetadata<?> model) {
        return Objects.requireNonNullElse(model.schema(), currentSchema);
    }

    /** Reads the catalog of the models' schemas on this connection. Cold. */
    static Mono<LiveCatalog> read(PostgresDataSource dataSource, Connection connection,
                                  Collection<? extends ModelMetadata<?>> models) {
        return dataSource.runner().query(connection, SqlStatement.of("SELECT current_schema()"), 0,
                        (row, meta) -> Objects.requireNonNullElse(row.get(0, String.class), "public"))
                .next()
                .flatMap(current -> {
                    Set<String> schemas = new HashSet<>();
                    schemas.add(current);
                    models.forEach(m -> schemas.add(Objects.requireNonNullElse(m.schema(), current)));
                    Map<String, Table> tables = new LinkedHashMap<>();
                    SqlStatement statement = new SqlStatement(OBJECTS, List.of((Object) schemas.toArray(String[]::new)));
                    return dataSource.runner().query(connection, statement, 0, (row, meta) -> {
                                String key = row.get(1, String.class) + "." + row.get(2, String.class);
                                Table table = tables.computeIfAbsent(key, k -> new Table(new LinkedHashMap<>(),
                                        new HashSet<>(), new LinkedHashMap<>(), new HashMap<>()));
                                String name = Objects.requireNonNull(row.get(3, String.class));
                                String kind = row.get(0, String.class);
                                String type = Objects.requireNonNullElse(row.get(4, String.class), "");
                                boolean flag = Boolean.TRUE.equals(row.get(5, Boolean.class));
                                String detail = Objects.requireNonNullElse(row.get(6, String.class), "");
                                if ("c".equals(kind)) {
                                    char identity = detail.startsWith(":") || detail.isEmpty() ? ' ' : detail.charAt(0);
                                    table.columns().put(name, new LiveColumn(type, flag, identity, detail.endsWith(":d")));
                                } else {
                                    table.names().add(name);
                                    if ("k".equals(kind)) {
                                        int colon = detail.indexOf(':');
                                        String columns = detail.substring(colon + 1);
                                        table.constraints().put(name, new LiveConstraint(type.isEmpty() ? ' ' : type.charAt(0),
                                                colon > 0 ? detail.charAt(0) : ' ',
                                                columns.isEmpty() ? List.of() : List.of(columns.split(","))));
                                    } else {
                                        table.indexes().put(name, new LiveIndex(type, flag));
                                    }
                                }
                                return key;
                            })
                            .then(Mono.fromSupplier(() -> new LiveCatalog(current, new HashMap<>(tables))));
                });
    }
}
