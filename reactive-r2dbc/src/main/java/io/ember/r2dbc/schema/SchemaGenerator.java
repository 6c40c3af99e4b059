package io.ember.r2dbc.schema;

import io.ember.core.model.IdStrategy;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.Names;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.StringJoiner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * DDL for models: a {@code CREATE TABLE IF NOT EXISTS} per model, with the id as primary key
 * (identity, or {@code uuid DEFAULT gen_random_uuid()}), one column per stored property typed by its
 * kind, {@code NOT NULL} where the property is not nullable. Enough for tests, examples and simple
 * deployments; constraints beyond the primary key are yours to add.
 */
public final class SchemaGenerator {

    private SchemaGenerator() {
    }

    /** The {@code CREATE TABLE IF NOT EXISTS} statement of a model. */
    public static String createTable(ModelMetadata<?> model) {
        StringJoiner columns = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + model.qualifiedTable() + " (", ")");
        for (PropertyMetadata p : model.properties()) {
            columns.add(column(model, p));
        }
        if (model.hasCompositeKey()) {
            columns.add("PRIMARY KEY (" + ModelSql.columnList(model.key()) + ")");
        }
        return columns.toString();
    }

    /** The PostgreSQL type of a property's column ({@code int8}, {@code text[]}, {@code jsonb}...). */
    public static String sqlType(PropertyMetadata p) {
        if (p.kind() == ValueKind.ARRAY) {
            return (p.elementKind() == null ? "text" : p.elementKind().sqlType()) + "[]";
        }
        return p.kind().sqlType();
    }

    private static String column(ModelMetadata<?> model, PropertyMetadata p) {
        String definition = Names.quote(p.column()) + " " + sqlType(p);
        if (p.isId() && !model.hasCompositeKey()) {
            if (model.idStrategy() == IdStrategy.IDENTITY) {
                return definition + " GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
            }
            return definition + (model.idStrategy() == IdStrategy.UUID ? " DEFAULT gen_random_uuid()" : "")
                    + " PRIMARY KEY";
        }
        return p.nullable() ? definition : definition + " NOT NULL";
    }

    /** Creates the tables of these models if they do not exist, one statement after the other. Cold. */
    public static Mono<Void> createTables(PostgresDataSource dataSource, Class<?>... models) {
        return Flux.fromArray(models)
                .map(type -> SqlStatement.of(createTable(ModelMetadata.of(type))))
                .concatMap(statement -> dataSource.withConnection(c -> dataSource.runner().update(c, statement)))
                .then();
    }

    /** Same as {@link #createTables(PostgresDataSource, Class[])} for the models the datasource knows. */
    public static Mono<Void> createTables(PostgresDataSource dataSource) {
        return createTables(dataSource, dataSource.models().stream().map(ModelMetadata::type)
                .sorted((a, b) -> a.getName().compareTo(b.getName())).toArray(Class<?>[]::new));
    }

}
