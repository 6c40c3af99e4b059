package io.ember.core.filter;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The second step of {@code where("age").gte(18)}: picks the operator and the operand. */
public final class PropertyStep {

    private final String path;

    PropertyStep(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        this.path = path;
    }

    private Where.Condition is(Operator op, @Nullable Object value) {
        return new Where.Condition(path, op, value);
    }

    /** Equal; {@code null} means IS NULL. */
    public Where eq(@Nullable Object value) {
        return is(Operator.EQ, value);
    }

    /** Not equal; {@code null} means IS NOT NULL. Rows where the property is NULL do not match a non-null value. */
    public Where neq(@Nullable Object value) {
        return is(Operator.NEQ, value);
    }

    /** IS NULL. */
    public Where isNull() {
        return is(Operator.EQ, null);
    }

    /** IS NOT NULL. */
    public Where isNotNull() {
        return is(Operator.NEQ, null);
    }

    /** Greater than; {@code null} matches no row (as in LoopBack). */
    public Where gt(@Nullable Object value) {
        return is(Operator.GT, value);
    }

    /** Greater than or equal; {@code null} matches no row (as in LoopBack). */
    public Where gte(@Nullable Object value) {
        return is(Operator.GTE, value);
    }

    /** Less than; {@code null} matches no row (as in LoopBack). */
    public Where lt(@Nullable Object value) {
        return is(Operator.LT, value);
    }

    /** Less than or equal; {@code null} matches no row (as in LoopBack). */
    public Where lte(@Nullable Object value) {
        return is(Operator.LTE, value);
    }

    /** In the list; an empty list matches nothing, and a {@code null} in it equals nothing (SQL {@code IN}). */
    public Where inq(Collection<?> values) {
        return is(Operator.INQ, values);
    }

    /** In the given values; none matches nothing. */
    public Where inq(Object... values) {
        return inq(Arrays.asList(values));
    }

    /**
     * Not in the list; an empty list matches everything. A {@code null} in the list makes the
     * condition unknown for every other value, so no row matches (SQL {@code NOT IN}).
     */
    public Where nin(Collection<?> values) {
        return is(Operator.NIN, values);
    }

    public Where nin(Object... values) {
        return nin(Arrays.asList(values));
    }

    /** Between two bounds, both inclusive. */
    public Where between(Object low, Object high) {
        return is(Operator.BETWEEN, List.of(low, high));
    }

    public Where notBetween(Object low, Object high) {
        return is(Operator.NOT_BETWEEN, List.of(low, high));
    }

    /** SQL LIKE ({@code %} and {@code _} are wildcards). */
    public Where like(String pattern) {
        return is(Operator.LIKE, pattern);
    }

    public Where nlike(String pattern) {
        return is(Operator.NLIKE, pattern);
    }

    /** Case-insensitive LIKE. */
    public Where ilike(String pattern) {
        return is(Operator.ILIKE, pattern);
    }

    public Where nilike(String pattern) {
        return is(Operator.NILIKE, pattern);
    }

    /**
     * POSIX regular expression match ({@code ~}). LoopBack's flags are read: {@code "^a/i"} or
     * {@code "/^a/i"} is case-insensitive; see {@code docs/filter.md} for {@code g}, {@code m}, {@code s}.
     */
    public Where regexp(String pattern) {
        return is(Operator.REGEXP, pattern);
    }

    /** Case-insensitive POSIX regular expression match ({@code ~*}). */
    public Where iregexp(String pattern) {
        return is(Operator.IREGEXP, pattern);
    }

    /** The array property contains every given element. */
    public Where contains(Collection<?> values) {
        return is(Operator.CONTAINS, values);
    }

    /** Every element of the array property is among the given ones. */
    public Where containedBy(Collection<?> values) {
        return is(Operator.CONTAINED_BY, values);
    }

    /** The array property shares at least one element with the given ones. */
    public Where overlaps(Collection<?> values) {
        return is(Operator.OVERLAPS, values);
    }
}
