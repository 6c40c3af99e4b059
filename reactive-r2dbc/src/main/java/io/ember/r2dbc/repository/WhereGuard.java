package io.ember.r2dbc.repository;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Operator;
import io.ember.core.filter.PropertyPath;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The guard of {@code updateAll}/{@code deleteAll}: a call whose where matches every row is refused
 * unless forced. "Every row" is judged on the caller's where, and is also what an always-true where
 * says ({@code nin []}, {@code id IS NOT NULL}, an {@code or} with an always-true branch, an
 * {@code and} of always-true parts, a relation's {@code every} of an empty where). A repository's default where (a scope the repository was built
 * with, not soft delete's {@code deletedAt IS NULL}) limits the rows, so the call goes through, as in
 * LoopBack, unless it also skips the default filter.
 */
final class WhereGuard {

    private WhereGuard() {
    }

    static void check(String operation, @Nullable Where where, Options options, @Nullable Where scope,
                      ModelMetadata<?> model) {
        if (options.isForce() || !matchesEveryRow(where, model)) {
            return;
        }
        if (!options.isSkipDefaultFilter() && !matchesEveryRow(scope, model)) {
            return;
        }
        throw new InvalidFilterException("where", operation + " with an empty where (or one true for every row) "
                + "would change every row of " + model.table() + "; pass Options.defaults().force() to mean it");
    }

    /** Whether the where is true for every row whatever the data: none, empty, or always true. */
    static boolean matchesEveryRow(@Nullable Where where, ModelMetadata<?> model) {
        if (where == null) {
            return true;
        }
        if (where instanceof Where.And and) {
            return and.items().stream().allMatch(w -> matchesEveryRow(w, model));
        }
        if (where instanceof Where.Or or) {
            return or.items().stream().anyMatch(w -> matchesEveryRow(w, model));
        }
        if (where instanceof Where.Condition c) {
            if (c.operator() == Operator.NIN && c.value() instanceof Collection<?> list && list.isEmpty()) {
                return true;
            }
            return c.operator() == Operator.NEQ && c.value() == null && neverNull(c.path(), model);
        }
        if (where instanceof Where.Relation r) { // every related row matches an empty condition
            return r.quantifier() == Where.Quantifier.EVERY && r.where() != null && r.where().isEmpty();
        }
        return false;
    }

    private static boolean neverNull(String path, ModelMetadata<?> model) {
        PropertyPath parsed = PropertyPath.parse(path, "where");
        PropertyMetadata p = model.property(parsed.property());
        return p != null && !parsed.isJson() && p.isId();
    }
}
