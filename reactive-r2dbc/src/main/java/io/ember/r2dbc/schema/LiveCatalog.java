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
 * per table its columns (type name as in {@code pg_type}, {@code _text} for {@code text[]}; NOT NULL) and
 * the names of its constraints and indexes.
 *
 * @param currentSchema the connection's {@code current_schema()}, where models without a schema live
 * @param tables        by {@code schema.table}
 */
record LiveCatalog(String currentSchema, Map<String, Table> tables) {

    private static final String OBJECTS = "SELECT 'c', n.nspname, c.relname, a.attname, t.typname, a.attnotnull"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_type t ON t.oid = a.atttypid"
            + " WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY($1::text[])"
            + " UNION ALL SELECT 'k', n.nspname, c.relname, k.conname, '', false"
            + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ANY($1::text[])"
            + " UNION ALL SELECT 'i', n.nspname, t.relname, i.relname, '', false"
            + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ANY($1::text[])";

    /**
     * A live table.
     *
     * @param columns by name
     * @param names   its constraints' and indexes' names
     */
    record Table(Map<String, LiveColumn> columns, Set<String> names) {
    }

    /**
     * A live column.
     *
     * @param type    the {@code pg_type} name ({@code int8}, {@code _text})
     * @param notNull whether it is NOT NULL
     */
    record LiveColumn(String type, boolean notNull) {
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
                                Table table = tables.computeIfAbsent(key,
                                        k -> new Table(new LinkedHashMap<>(), new HashSet<>()));
                                String name = Objects.requireNonNull(row.get(3, String.class));
                                if ("c".equals(row.get(0, String.class))) {
                                    table.columns().put(name, new LiveColumn(Objects.requireNonNull(
                                            row.get(4, String.class)), Boolean.TRUE.equals(row.get(5, Boolean.class))));
                                } else {
                                    table.names().add(name);
                                }
                                return key;
                            })
                            .then(Mono.fromSupplier(() -> new LiveCatalog(current, new HashMap<>(tables))));
                });
    }
}
