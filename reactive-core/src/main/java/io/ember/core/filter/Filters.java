package io.ember.core.filter;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Combines filters. A repository's default filter (soft delete's {@code deletedAt IS NULL}, a
 * tenant condition...) merges into every read, update, delete and inclusion with
 * {@link #mergeDefault(Where, Where)}.
 */
public final class Filters {

    private Filters() {
    }

    /**
     * The default where ANDed with a call's where: {@code default AND where}.
     *
     * <p>The rule is plain conjunction. Unlike the TypeScript original, where a key of the call's
     * where replaced the default's condition on the same key (so a caller's {@code deletedAt} key
     * silently disabled soft delete), a call can only narrow the default, never override it. A
     * call that must see past the default says so explicitly with
     * {@code Options.skipDefaultFilter()}, and then this method is not called.
     *
     * <p>A {@code null} or empty side is left out: with no default the call's where comes back
     * unchanged, with no call where the default does.
     *
     * @return {@code null} only when the call's where is {@code null} and there is no default
     */
    public static @Nullable Where mergeDefault(@Nullable Where defaultWhere, @Nullable Where where) {
        if (defaultWhere == null || defaultWhere.isEmpty()) {
            return where;
        }
        if (where == null || where.isEmpty()) {
            return defaultWhere;
        }
        return new Where.And(List.of(defaultWhere, where));
    }

    /** The filter with the default where merged into its where, as {@link #mergeDefault(Where, Where)}. */
    public static Filter applyDefault(@Nullable Where defaultWhere, Filter filter) {
        Where merged = mergeDefault(defaultWhere, filter.where());
        return merged == filter.where() ? filter : filter.withWhere(merged);
    }
}
