package io.ember.r2dbc.repository;

import io.ember.core.filter.Filters;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import io.ember.r2dbc.mapping.Values;
import io.ember.r2dbc.sql.Assignment;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Soft delete beyond hiding deleted rows: the where of a call that asks for them
 * ({@link Options#withDeleted()}, {@link Options#onlyDeleted()}) and the restore statement. Both keep
 * the repository's own scope (its settings' default where); a model without {@code @DeletedAt} refuses
 * them at call time.
 */
final class SoftDeletes<T> {

    private final ModelMetadata<T> model;
    private final ModelSql<T> sql;
    private final WritePlan<T> plan;
    private final @Nullable PropertyMetadata deletedAt;
    private final @Nullable Where scope;

    SoftDeletes(ModelSql<T> sql, WritePlan<T> plan, @Nullable Where scope) {
        this.model = sql.model();
        this.sql = sql;
        this.plan = plan;
        this.deletedAt = model.withRole(PropertyMetadata.Role.DELETED_AT);
        this.scope = scope;
    }

    /**
     * The scope ANDed with the call's where (already validated), and for {@link Options.Deleted#ONLY}
     * with {@code deletedAt IS NOT NULL}.
     */
    @Nullable Where visible(Options.Deleted mode, @Nullable Where checked) {
        PropertyMetadata deleted = require(mode == Options.Deleted.ONLY ? "Options.onlyDeleted()" : "Options.withDeleted()");
        Where rows = mode == Options.Deleted.ONLY ? Filters.mergeDefault(Where.where(deleted.name()).isNotNull(), checked)
                : checked;
        return Filters.mergeDefault(scope, rows);
    }

    /** The rows a restore may change: the call's where (validated), in scope unless skipped, deleted ones only. */
    Where restorable(@Nullable Where checked, Options options, String operation) {
        PropertyMetadata deleted = require(operation);
        Where scoped = Filters.mergeDefault(options.isSkipDefaultFilter() ? null : scope, checked);
        return Objects.requireNonNull(Filters.mergeDefault(scoped, Where.where(deleted.name()).isNotNull()));
    }

    /** {@code UPDATE … SET deleted_at = NULL, <modified at and by, version> WHERE <where> [RETURNING …]}. */
    SqlStatement restore(Where where, @Nullable List<PropertyMetadata> returning) {
        PropertyMetadata deleted = Objects.requireNonNull(deletedAt);
        List<Assignment> assignments = new ArrayList<>();
        assignments.add(new Assignment.Set(deleted, Values.toDriver(deleted, null)));
        plan.addAutomatic(assignments, Set.of(), WritePlan.now());
        return sql.update(assignments, where, returning);
    }

    /** The {@code @DeletedAt} property; an {@link IllegalArgumentException} naming the call when there is none. */
    private PropertyMetadata require(String operation) {
        if (deletedAt == null) {
            throw new IllegalArgumentException(operation + " needs a soft-deleted model: "
                    + model.type().getSimpleName() + " has no @DeletedAt property");
        }
        return deletedAt;
    }
}
