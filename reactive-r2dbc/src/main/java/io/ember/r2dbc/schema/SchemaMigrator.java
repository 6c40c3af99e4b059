package io.ember.r2dbc.schema;

import io.ember.core.error.SchemaMismatchException;
import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.spi.Connection;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Migration and validation without JDBC: reads the live catalog over R2DBC ({@code pg_catalog}), compares
 * it with the models, and plans ({@link #plan}), applies ({@link #migrate}) or reports ({@link #validate}) the
 * difference. Tables the models do not name are never touched. Every publisher is cold.
 */
public final class SchemaMigrator {

    /** The key of the transaction-level advisory lock that serialises migrations of one database. */
    public static final long LOCK_KEY = 0x456D626572L;

    private SchemaMigrator() {
    }

    /**
     * The plan that would bring the database to these models, read on a connection of its own. Emits one
     * plan (empty when nothing differs).
     */
    public static Mono<MigrationPlan> plan(PostgresDataSource dataSource, Collection<? extends ModelMetadata<?>> models) {
        List<ModelMetadata<?>> copy = List.copyOf(models);
        return dataSource.withConnection(c -> LiveCatalog.read(dataSource, c, copy).map(live -> SchemaDiff.plan(copy, live)))
                .single();
    }

    /** Same as {@link #plan(PostgresDataSource, Collection)} for model classes. */
    public static Mono<MigrationPlan> plan(PostgresDataSource dataSource, Class<?>... models) {
        return Mono.defer(() -> plan(dataSource, metadata(models)));
    }

    /**
     * Brings the database to the models in one transaction: takes the advisory lock {@link #LOCK_KEY}
     * ({@code pg_advisory_xact_lock}, so instances starting together run one after the other and the later
     * ones find nothing left to do), reads the catalog, plans, and applies the safe changes, and the risky
     * ones only when {@code applyRisky}. Any failure rolls everything back. Emits the plan it found,
     * risky changes included whether applied or not; applying again emits an empty plan (or one with only
     * the risky changes left).
     */
    public static Mono<MigrationPlan> migrate(PostgresDataSource dataSource, Collection<? extends ModelMetadata<?>> models,
                                              boolean applyRisky) {
        List<ModelMetadata<?>> copy = List.copyOf(models);
        return dataSource.transactions().transactional(dataSource.withConnection(c -> lock(dataSource, c)
                .then(LiveCatalog.read(dataSource, c, copy))
                .map(live -> SchemaDiff.plan(copy, live))
                .flatMap(plan -> Flux.fromIterable(applyRisky ? plan.changes() : plan.safe())
                        .concatMap(change -> dataSource.runner().update(c, SqlStatement.of(change.sql())))
                        .then(Mono.just(plan))))
                .single());
    }

    /** Same as {@link #migrate(PostgresDataSource, Collection, boolean)} for model classes. */
    public static Mono<MigrationPlan> migrate(PostgresDataSource dataSource, boolean applyRisky, Class<?>... models) {
        return Mono.defer(() -> migrate(dataSource, metadata(models), applyRisky));
    }

    /**
     * Compares the models with the database and completes empty when they match, or fails with one
     * {@link SchemaMismatchException} listing every mismatch: a missing table or column, a column of
     * another type, a column whose nullability differs. Changes nothing.
     */
    public static Mono<Void> validate(PostgresDataSource dataSource, Collection<? extends ModelMetadata<?>> models) {
        List<ModelMetadata<?>> copy = List.copyOf(models);
        return dataSource.withConnection(c -> LiveCatalog.read(dataSource, c, copy)
                        .map(live -> SchemaDiff.mismatches(copy, live)))
                .single()
                .flatMap(mismatches -> mismatches.isEmpty() ? Mono.<Void>empty()
                        : Mono.error(new SchemaMismatchException(mismatches)));
    }

    /** Same as {@link #validate(PostgresDataSource, Collection)} for model classes. */
    public static Mono<Void> validate(PostgresDataSource dataSource, Class<?>... models) {
        return Mono.defer(() -> validate(dataSource, metadata(models)));
    }

    private static Mono<Void> lock(PostgresDataSource dataSource, Connection c) {
        return dataSource.runner().query(c, new SqlStatement("SELECT pg_advisory_xact_lock($1)", List.of(LOCK_KEY)), 0,
                (row, meta) -> Boolean.TRUE).then();
    }

    private static List<ModelMetadata<?>> metadata(Class<?>... models) {
        return Arrays.stream(models).<ModelMetadata<?>>map(ModelMetadata::of).toList();
    }
}
