package io.ember.core.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A query: where, fields, order, limit, skip and include. Immutable; every {@code with*} method
 * returns a new filter. The same object is what a JSON filter from an HTTP request parses into.
 *
 * <pre>{@code
 * Filter f = Filter.of(where("age").gte(18)).orderBy("name ASC NULLS LAST").limit(20).skip(40);
 * }</pre>
 *
 * @param where   the condition, or {@code null} for all rows
 * @param fields  the selected properties, or {@code null} for all visible ones
 * @param order   the sort keys, in priority order
 * @param limit   the maximum number of rows, or {@code null} for no limit
 * @param skip    the number of rows to skip (0 by default)
 * @param include the relations to load
 * @param after   a keyset continuation token (see {@code io.ember.core.filter.keyset.Keyset}): the page
 *                starts after the row it names; {@code null} for the first page. Only keyset reads
 *                ({@code findKeysetPage}, {@code scroll}) accept one
 */
public record Filter(
        @Nullable Where where,
        @Nullable Fields fields,
        List<Order> order,
        @Nullable Integer limit,
        long skip,
        List<Inclusion> include,
        @Nullable String after) {

    private static final Filter EMPTY = new Filter(null, null, List.of(), null, 0, List.of(), null);

    public Filter {
        order = List.copyOf(order);
        include = List.copyOf(include);
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0, was " + skip);
        }
    }

    /** A filter without a continuation token. */
    public Filter(@Nullable Where where, @Nullable Fields fields, List<Order> order, @Nullable Integer limit, long skip,
                  List<Inclusion> include) {
        this(where, fields, order, limit, skip, include, null);
    }

    /** The filter that matches every row, in no particular order. */
    public static Filter empty() {
        return EMPTY;
    }

    /**
     * A filter with only a where. Named {@code of}, not {@code where}, so that a static import of
     * {@link Where#where(String)} is never shadowed by this one.
     */
    public static Filter of(@Nullable Where where) {
        return EMPTY.withWhere(where);
    }

    /** This filter with another where. */
    public Filter withWhere(@Nullable Where where) {
        return new Filter(where, fields, order, limit, skip, include, after);
    }

    /** This filter with another field selection. */
    public Filter withFields(@Nullable Fields fields) {
        return new Filter(where, fields, order, limit, skip, include, after);
    }

    /** Only these properties. */
    public Filter fields(String... names) {
        return withFields(Fields.only(names));
    }

    /** This filter with these sort keys (replacing any). */
    public Filter orderBy(Order... order) {
        return new Filter(where, fields, Arrays.asList(order), limit, skip, include, after);
    }

    /** This filter with sort keys parsed from {@code "name ASC NULLS LAST"} strings (replacing any). */
    public Filter orderBy(String... order) {
        return new Filter(where, fields, Arrays.stream(order).map(Order::parse).toList(), limit, skip, include, after);
    }

    /** This filter with a limit ({@code null} for none). */
    public Filter limit(@Nullable Integer limit) {
        return new Filter(where, fields, order, limit, skip, include, after);
    }

    /** This filter skipping rows. */
    public Filter skip(long skip) {
        return new Filter(where, fields, order, limit, skip, include, after);
    }

    /** This filter also including relations. */
    public Filter include(Inclusion... inclusions) {
        List<Inclusion> all = new ArrayList<>(include);
        all.addAll(Arrays.asList(inclusions));
        return new Filter(where, fields, order, limit, skip, all, after);
    }

    /**
     * This filter continuing after the row a keyset continuation token names ({@code null} for the
     * first page). The token is checked when a keyset read runs.
     */
    public Filter after(@Nullable String token) {
        return new Filter(where, fields, order, limit, skip, include, token);
    }

    /** This filter also including relations, by name. */
    public Filter include(String... relations) {
        return include(Arrays.stream(relations).map(Inclusion::of).toArray(Inclusion[]::new));
    }
}
