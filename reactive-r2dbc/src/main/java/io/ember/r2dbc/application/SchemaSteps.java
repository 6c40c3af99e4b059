package io.ember.r2dbc.application;

import io.ember.core.application.SchemaStep;
import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.schema.SchemaMigrator;

/**
 * Schema steps for a PostgreSQL datasource of an {@link io.ember.core.application.Application}.
 *
 * <pre>{@code
 * Application.builder("blog").dataSource("db", ds, SchemaSteps.createTables()) ...
 * }</pre>
 */
public final class SchemaSteps {

    private SchemaSteps() {
    }

    /**
     * Creates the table of every model of the datasource that does not exist yet
     * ({@code CREATE TABLE IF NOT EXISTS}, see {@link SchemaGenerator}), one after the other in the
     * order the models were registered, with their unique and check constraints; no foreign keys or indexes
     * (use {@link #migrate()} for those).
     */
    public static SchemaStep<PostgresDataSource> createTables() {
        return (dataSource, models) -> SchemaGenerator.createTables(dataSource,
                models.stream().map(ModelMetadata::type).toArray(Class<?>[]::new));
    }

    /**
     * Migrates the datasource's database to its models ({@link SchemaMigrator#migrate}): in one
     * transaction under an advisory lock, creates missing tables, columns, constraints and indexes; risky
     * changes (drop column, type change, NOT NULL on an existing column) are never applied by this step
     * ({@link SchemaMigrator#plan} lists them).
     */
    public static SchemaStep<PostgresDataSource> migrate() {
        return (dataSource, models) -> SchemaMigrator.migrate(dataSource, models, false).then();
    }

    /**
     * Fails the start when the database does not match the models ({@link SchemaMigrator#validate}): the
     * error lists every missing table or column, wrong type and differing nullability. Changes nothing.
     */
    public static SchemaStep<PostgresDataSource> validate() {
        return SchemaMigrator::validate;
    }
}
