package io.ember.r2dbc.schema;

import io.ember.core.model.IdStrategy;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.ModelSchema;
import io.ember.core.model.Names;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * DDL for models. A table per model ({@link #createTable}): the id as primary key (identity,
 * {@code uuid DEFAULT gen_random_uuid()}, or client-supplied), one column per stored property typed by its
 * kind, {@code NOT NULL} where the property is not nullable, {@link io.ember.core.model.Default} values,
 * unique constraints and check constraints (declared ones and one per enum property). Then
 * ({@link #script}) foreign keys from {@code @BelongsTo} and from junctions, and indexes. Identifiers are
 * quoted from model metadata; defaults, checks and partial-index predicates are the model author's SQL
 * (see {@link ModelSchema}).
 */
public final class SchemaGenerator {

    private SchemaGenerator() {
    }

    /**
     * The {@code CREATE TABLE IF NOT EXISTS} statement of a model: columns, primary key, unique and check
     * constraints. Foreign keys and indexes are separate statements ({@link #foreignKey}, {@link #createIndex}).
     */
    public static String createTable(ModelMetadata<?> model) {
        ModelSchema schema = ModelSchema.of(model.type());
        StringJoiner columns = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + model.qualifiedTable() + " (", ")");
        for (PropertyMetadata p : model.properties()) {
            columns.add(column(model, schema, p));
        }
        if (model.hasCompositeKey()) {
            columns.add("PRIMARY KEY (" + ModelSql.columnList(model.key()) + ")");
        }
        schema.uniqueKeys().forEach(u -> columns.add(uniqueConstraint(u)));
        schema.checks().forEach(c -> columns.add(checkConstraint(c)));
        return columns.toString();
    }

    /** The PostgreSQL type of a property's column ({@code int8}, {@code text[]}, {@code jsonb}...). */
    public static String sqlType(PropertyMetadata p) {
        if (p.kind() == ValueKind.ARRAY) {
            return (p.elementKind() == null ? "text" : p.elementKind().sqlType()) + "[]";
        }
        return p.kind().sqlType();
    }

    /** A column's definition as in {@code CREATE TABLE} or {@code ADD COLUMN}: name, type, key, default, NOT NULL. */
    static String column(ModelMetadata<?> model, ModelSchema schema, PropertyMetadata p) {
        String definition = Names.quote(p.column()) + " " + sqlType(p);
        if (p.isId() && !model.hasCompositeKey()) {
            if (model.idStrategy() == IdStrategy.IDENTITY) {
                return definition + " GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
            }
            return definition + (model.idStrategy() == IdStrategy.UUID ? " DEFAULT gen_random_uuid()" : "")
                    + " PRIMARY KEY";
        }
        String value = schema.defaultOf(p);
        if (value != null) {
            definition += " DEFAULT " + value;
        }
        return p.nullable() ? definition : definition + " NOT NULL";
    }

    /** {@code CONSTRAINT "name" UNIQUE ("a", "b")}. */
    static String uniqueConstraint(ModelSchema.UniqueKey u) {
        return "CONSTRAINT " + Names.quote(u.name()) + " UNIQUE (" + ModelSql.columnList(u.properties()) + ")";
    }

    /** {@code CONSTRAINT "name" CHECK (expression)}. */
    static String checkConstraint(ModelSchema.CheckConstraint c) {
        return "CONSTRAINT " + Names.quote(c.name()) + " CHECK (" + c.expression() + ")";
    }

    /** The {@code ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... ON DELETE ...} of a foreign key. */
    public static String foreignKey(ModelSchema.ForeignKey fk) {
        return "ALTER TABLE " + fk.owner().qualifiedTable() + " ADD CONSTRAINT " + Names.quote(fk.name())
                + " FOREIGN KEY (" + ModelSql.columnList(fk.columns()) + ") REFERENCES "
                + fk.target().qualifiedTable() + " (" + ModelSql.columnList(fk.targetColumns()) + ") ON DELETE "
                + fk.onDelete().sql();
    }

    /** The {@code CREATE [UNIQUE] INDEX IF NOT EXISTS ... USING ... (...) [WHERE ...]} of an index. */
    public static String createIndex(ModelMetadata<?> model, ModelSchema.TableIndex index) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + Names.quote(index.name())
                + " ON " + model.qualifiedTable() + " USING " + index.method() + " ("
                + ModelSql.columnList(index.properties()) + ")"
                + (index.where() == null ? "" : " WHERE " + index.where());
    }

    /**
     * The complete DDL of these models for an empty database, in order: {@code CREATE SCHEMA IF NOT EXISTS}
     * for each named schema, the tables (referenced tables first), the foreign keys among these models
     * (a relation to a model outside the set gets none), the indexes.
     */
    public static List<String> script(Collection<? extends ModelMetadata<?>> models) {
        List<ModelMetadata<?>> ordered = SchemaOrder.byForeignKeys(models);
        List<String> out = new ArrayList<>();
        Set<String> schemas = new LinkedHashSet<>();
        ordered.stream().map(ModelMetadata::schema).filter(s -> s != null).forEach(schemas::add);
        schemas.forEach(s -> out.add("CREATE SCHEMA IF NOT EXISTS " + Names.quote(s)));
        ordered.forEach(m -> out.add(createTable(m)));
        SchemaOrder.foreignKeys(ordered).forEach(fk -> out.add(foreignKey(fk)));
        for (ModelMetadata<?> m : ordered) {
            ModelSchema.of(m.type()).indexes().forEach(i -> out.add(createIndex(m, i)));
        }
        return out;
    }

    /**
     * Runs {@link #script} for these models in one transaction: meant for an empty database (use
     * {@link SchemaMigrator#migrate} for one that may hold some of the tables). Cold.
     */
    public static Mono<Void> create(PostgresDataSource dataSource, Class<?>... models) {
        return Mono.defer(() -> {
            List<String> statements = script(Arrays.stream(models).<ModelMetadata<?>>map(ModelMetadata::of).toList());
            return dataSource.transactions().transactional(Flux.fromIterable(statements)
                    .concatMap(sql -> dataSource.withConnection(c -> dataSource.runner().update(c, SqlStatement.of(sql))))
                    .then());
        });
    }

    /**
     * Creates the tables of these models if they do not exist, one statement after the other: columns,
     * keys, unique and check constraints, no foreign keys or indexes. Cold.
     */
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
