package io.ember.core.filter;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A relation to load with the parent rows, with an optional scope (its own where, fields, order,
 * per-parent limit and nested inclusions).
 *
 * @param relation          the relation name
 * @param scope             the filter applied to the related rows, or {@code null}
 * @param skipDefaultFilter whether the related repository's default filter is skipped
 */
public record Inclusion(String relation, @Nullable Filter scope, boolean skipDefaultFilter) {

    public Inclusion {
        Objects.requireNonNull(relation, "relation");
    }

    /** Includes a relation with no scope. */
    public static Inclusion of(String relation) {
        return new Inclusion(relation, null, false);
    }

    /** Includes a relation with a scope. */
    public static Inclusion of(String relation, Filter scope) {
        return new Inclusion(relation, scope, false);
    }
}
