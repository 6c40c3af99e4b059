package io.ember.r2dbc.repository;

import io.ember.core.error.OptimisticLockException;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.filter.Where;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.mapping.EntityReader;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.SqlStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The upserts of a repository: one {@code INSERT … ON CONFLICT … DO UPDATE} that keeps the model's
 * rules (see {@link WritePlan#onConflict}). When the stored row's guards refuse the update, the
 * statement writes and returns nothing, and one more read says why: a soft-deleted row
 * ({@link UniqueViolationException}) or another version ({@link OptimisticLockException}).
 */
final class Upserts<T> {

    private final PostgresDataSource dataSource;
    private final ModelSql<T> sql;
    private final WritePlan<T> plan;
    private final AuditUsers audit;
    private final ModelMetadata<T> model;
    private final EntityReader<T> reader;
    private final List<PropertyMetadata> returning;
    private final @Nullable PropertyMetadata deletedAt;

    Upserts(PostgresDataSource dataSource, ModelSql<T> sql, WritePlan<T> plan, AuditUsers audit, EntityReader<T> reader) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.plan = plan;
        this.audit = audit;
        this.model = plan.model();
        this.reader = reader;
        this.returning = reader.columns();
        this.deletedAt = model.withRole(PropertyMetadata.Role.DELETED_AT);
    }

    /** The properties of a conflict target, checked; the key (the id, or a composite key) when {@code names} is empty. */
    List<PropertyMetadata> target(List<String> names) {
        if (names.isEmpty()) {
            return model.key();
        }
        List<PropertyMetadata> out = new ArrayList<>(names.size());
        for (String name : names) {
            PropertyMetadata p = model.property(name);
            if (p == null) {
                throw new IllegalArgumentException("upsert conflict target names unknown property '" + name + "' of "
                        + model.type().getSimpleName());
            }
            if (p.kind() == io.ember.core.model.ValueKind.JSON || out.contains(p)) {
                throw new IllegalArgumentException("upsert conflict target cannot use '" + name + "'"
                        + (out.contains(p) ? " twice" : ", a @Json property"));
            }
            out.add(p);
        }
        return out;
    }

    Mono<T> upsert(T entity, List<PropertyMetadata> target, Options options) {
        boolean identity = model.idStrategy() == IdStrategy.IDENTITY;
        boolean withId = model.id().get(entity) != null || !identity;
        List<PropertyMetadata> columns = withId ? plan.upsertColumns() : plan.insertColumns();
        Instant now = WritePlan.now();
        Object[] values = plan.insertValues(entity, columns, now);
        ModelSql.OnConflict conflict = plan.onConflict(columns, values, target, options.isRestoreDeleted(), now);
        SqlStatement statement = sql.upsert(columns, WritePlan.toDriver(columns, values), identity && withId, conflict,
                options.isReturning() ? returning : null);
        Where stored = storedRow(columns, values, target);
        String what = model.type().getSimpleName() + " " + target.stream()
                .map(p -> p.name() + "=" + values[columns.indexOf(p)]).toList();
        if (options.isReturning()) {
            return audit.mono("upsert", user -> Statements.query(dataSource, audit.fill(statement, user), options, reader)
                    .singleOrEmpty()
                    .switchIfEmpty(Mono.defer(() -> refused(stored, what, entity, options))));
        }
        return audit.mono("upsert", user -> Statements.execute(dataSource, audit.fill(statement, user), options)
                .flatMap(n -> n > 0 ? Mono.<T>empty() : refused(stored, what, entity, options)));
    }

    /** The row the insert conflicted with: the target's values, whatever the default filter. */
    private Where storedRow(List<PropertyMetadata> columns, Object[] values, List<PropertyMetadata> target) {
        List<Where> parts = new ArrayList<>(target.size());
        for (PropertyMetadata p : target) {
            parts.add(Where.where(p.name()).eq(values[columns.indexOf(p)]));
        }
        return parts.size() == 1 ? parts.get(0) : Where.allOf(parts.toArray(Where[]::new));
    }

    private Mono<T> refused(Where stored, String what, T entity, Options options) {
        List<PropertyMetadata> columns = new ArrayList<>(2);
        if (deletedAt != null) {
            columns.add(deletedAt);
        }
        PropertyMetadata version = plan.version();
        if (version != null) {
            columns.add(version);
        }
        EntityReader<T> guards = new EntityReader<>(model, columns);
        SqlStatement read = sql.select(columns, stored, List.of(), 1, 0);
        return Statements.query(dataSource, read, options, guards).singleOrEmpty()
                .map(row -> deletedAt != null && deletedAt.get(row) != null
                        ? (RuntimeException) new UniqueViolationException(what + " is held by a soft-deleted row; upsert"
                                + " does not revive it unless asked: pass Options.defaults().restoreDeleted()", null,
                                null, model.table(), read.sql(), null)
                        : new OptimisticLockException(what + " is at version " + (version == null ? "?" : version.get(row))
                                + ", the entity was at " + (version == null ? "?" : version.get(entity))))
                .switchIfEmpty(Mono.fromSupplier(() -> new OptimisticLockException(what + " changed while it was upserted")))
                .flatMap(Mono::error);
    }
}
