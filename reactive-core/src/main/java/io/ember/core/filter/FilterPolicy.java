package io.ember.core.filter;

import org.jspecify.annotations.Nullable;

/**
 * The limits {@link FilterValidator} enforces on a filter, on top of checking it against the model.
 * Immutable; each {@code with*} method returns a new policy and validates its argument.
 *
 * <p>{@link #internal()} is for code inside the service: no limits, hidden properties allowed.
 * {@link #external()} is for filters that arrive from outside (HTTP): see its defaults.
 *
 * @param defaultLimit    the limit applied when the top-level filter has none, or {@code null}
 *                        for no default
 * @param maxLimit        the largest limit accepted anywhere in the filter (inclusion scopes
 *                        too), or {@code null} for none; a larger limit is an error, never clamped
 * @param maxDepth        the deepest nesting of {@code and}/{@code or} in a where: a flat where
 *                        ({@code {"a": 1, "b": 2}}) has depth 1, {@code {"or": [{"and": [...]}]}}
 *                        depth 2
 * @param maxIncludeDepth the deepest nesting of inclusions: {@code include: ["posts"]} is 1, an
 *                        include inside its scope 2
 * @param maxListSize     the longest list anywhere in the filter: operand lists ({@code inq},
 *                        {@code contains}...), {@code and}/{@code or} items, {@code order},
 *                        {@code fields} and {@code include}
 * @param allowHidden     whether {@code @Hidden} properties may appear in where, order and fields;
 *                        when not, they are reported as unknown, so the error does not reveal them
 * @param allowSkipDefaultFilter whether an inclusion may say {@code "skipDefaultFilter": true}, which
 *                        shows the related model's soft-deleted rows (and rows outside its default
 *                        filter); refused from outside by default
 */
public record FilterPolicy(
        @Nullable Integer defaultLimit,
        @Nullable Integer maxLimit,
        int maxDepth,
        int maxIncludeDepth,
        int maxListSize,
        boolean allowHidden,
        boolean allowSkipDefaultFilter) {

    private static final FilterPolicy INTERNAL =
            new FilterPolicy(null, null, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, true, true);

    private static final FilterPolicy EXTERNAL = new FilterPolicy(100, 1000, 8, 3, 1000, false, false);

    public FilterPolicy {
        if (defaultLimit != null && defaultLimit < 0) {
            throw new IllegalArgumentException("defaultLimit must be >= 0, was " + defaultLimit);
        }
        if (maxLimit != null && maxLimit < 0) {
            throw new IllegalArgumentException("maxLimit must be >= 0, was " + maxLimit);
        }
        if (defaultLimit != null && maxLimit != null && defaultLimit > maxLimit) {
            throw new IllegalArgumentException("defaultLimit " + defaultLimit + " exceeds maxLimit " + maxLimit);
        }
        if (maxDepth < 1 || maxIncludeDepth < 0 || maxListSize < 1) {
            throw new IllegalArgumentException("maxDepth and maxListSize must be >= 1 and maxIncludeDepth >= 0, were "
                    + maxDepth + ", " + maxListSize + ", " + maxIncludeDepth);
        }
    }

    /**
     * A policy that lets inclusions skip the default filter exactly when it allows hidden properties
     * (the shape this record had before {@code allowSkipDefaultFilter}).
     */
    public FilterPolicy(@Nullable Integer defaultLimit, @Nullable Integer maxLimit, int maxDepth, int maxIncludeDepth,
                        int maxListSize, boolean allowHidden) {
        this(defaultLimit, maxLimit, maxDepth, maxIncludeDepth, maxListSize, allowHidden, allowHidden);
    }

    /**
     * For code inside the service (what repositories use): no default or maximum limit, no depth or
     * size limits, hidden properties allowed, inclusions may skip the default filter.
     */
    public static FilterPolicy internal() {
        return INTERNAL;
    }

    /**
     * For filters from outside: default limit 100, maximum limit 1000, where depth 8, include depth 3,
     * lists of at most 1000 items, hidden properties refused, inclusions may not skip the default filter
     * (soft-deleted related rows stay hidden).
     */
    public static FilterPolicy external() {
        return EXTERNAL;
    }

    /** This policy with another default limit ({@code null} for none). */
    public FilterPolicy withDefaultLimit(@Nullable Integer defaultLimit) {
        return new FilterPolicy(defaultLimit, maxLimit, maxDepth, maxIncludeDepth, maxListSize, allowHidden,
                allowSkipDefaultFilter);
    }

    /** This policy with another maximum limit ({@code null} for none). */
    public FilterPolicy withMaxLimit(@Nullable Integer maxLimit) {
        return new FilterPolicy(defaultLimit, maxLimit, maxDepth, maxIncludeDepth, maxListSize, allowHidden,
                allowSkipDefaultFilter);
    }

    /** This policy with another maximum where depth. */
    public FilterPolicy withMaxDepth(int maxDepth) {
        return new FilterPolicy(defaultLimit, maxLimit, maxDepth, maxIncludeDepth, maxListSize, allowHidden,
                allowSkipDefaultFilter);
    }

    /** This policy with another maximum include depth (0 forbids inclusions). */
    public FilterPolicy withMaxIncludeDepth(int maxIncludeDepth) {
        return new FilterPolicy(defaultLimit, maxLimit, maxDepth, maxIncludeDepth, maxListSize, allowHidden,
                allowSkipDefaultFilter);
    }

    /** This policy with another maximum list size. */
    public FilterPolicy withMaxListSize(int maxListSize) {
        return new FilterPolicy(defaultLimit, maxLimit, maxDepth, maxIncludeDepth, maxListSize, allowHidden,
                allowSkipDefaultFilter);
    }

    /** This policy allowing or refusing hidden properties. */
    public FilterPolicy withAllowHidden(boolean allowHidden) {
        return new FilterPolicy(defaultLimit, maxLimit, maxDepth, maxIncludeDepth, maxListSize, allowHidden,
                allowSkipDefaultFilter);
    }

    /**
     * This policy allowing or refusing {@code "skipDefaultFilter": true} in inclusions (what lets a
     * filter see a related model's soft-deleted rows).
     */
    public FilterPolicy withAllowSkipDefaultFilter(boolean allowSkipDefaultFilter) {
        return new FilterPolicy(defaultLimit, maxLimit, maxDepth, maxIncludeDepth, maxListSize, allowHidden,
                allowSkipDefaultFilter);
    }
}
