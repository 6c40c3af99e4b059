package io.ember.r2dbc.application;

import io.ember.core.application.SchemaStep;
import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;

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
     * order the models were registered. Constraints beyond primary keys are not created.
     */
    public static SchemaStep<PostgresDataSource> createTables() {
        return (dataSource, models) -> SchemaGenerator.createTables(dataSource,
                models.stream().map(ModelMetadata::type).toArray(Class<?>[]::new));
    }
}
