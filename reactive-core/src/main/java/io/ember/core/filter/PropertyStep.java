package io.ember.core.filter;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The second step of {@code where("age").gte(18)}: picks the operator and the operand. On a relation,
 * {@code where("posts").some(where("published").eq(true))} and the other quantifiers of
 * {@link Where.Quantifier} make a {@link Where.Relation} condition.
 */
public final class PropertyStep {

    private final String path;

    PropertyStep(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        this.path = path;
    }

    private Where.Condition condition(Operator op, @Nullable Object value) {
        return new Where.Condition(path, op, value);
    }

    /** Equal; {@code null} means IS NULL. */
    public Where eq(@Nullable Object value) {
        return condition(Operator.EQ, value);
    }

    /** Not equal; {@code null} means IS NOT NULL. Rows where the property is NULL do not match a non-null value. */
    public Where neq(@Nullable Object value) {
        return condition(Operator.NEQ, value);
    }

    /** IS NULL. */
    public Where isNull() {
        return condition(Operator.EQ, null);
    }

    /** IS NOT NULL. */
    public Where isNotNull() {
        return condition(Operator.NEQ, null);
    }

    /** Greater than; {@code null} matches no row (as in LoopBack). */
    public Where gt(@Nullable Object value) {
        return condition(Operator.GT, value);
    }

    /** Greater than or equal; {@code null} matches no row (as in LoopBack). */
    public Where gte(@Nullable Object value) {
        return condition(Operator.GTE, value);
    }

    /** Less than; {@code null} matches no row (as in LoopBack). */
    public Where lt(@Nullable Object value) {
        return condition(Operator.LT, value);
    }

    /** Less than or equal; {@code null} matches no row (as in LoopBack). */
    public Where lte(@Nullable Object value) {
        return condition(Operator.LTE, value);
    }

    /** In the list; an empty list matches nothing, and a {@code null} in it equals nothing (SQL {@code IN}). */
    public Where inq(Collection<?> values) {
        return condition(Operator.INQ, values);
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
        return condition(Operator.NIN, values);
    }

    public Where nin(Object... values) {
        return nin(Arrays.asList(values));
    }

    /** Between two bounds, both inclusive. */
    public Where between(Object low, Object high) {
        return condition(Operator.BETWEEN, List.of(low, high));
    }

    public Where notBetween(Object low, Object high) {
        return condition(Operator.NOT_BETWEEN, List.of(low, high));
    }

    /** SQL LIKE ({@code %} and {@code _} are wildcards). */
    public Where like(String pattern) {
        return condition(Operator.LIKE, pattern);
    }

    public Where nlike(String pattern) {
        return condition(Operator.NLIKE, pattern);
    }

    /** Case-insensitive LIKE. */
    public Where ilike(String pattern) {
        return condition(Operator.ILIKE, pattern);
    }

    public Where nilike(String pattern) {
        return condition(Operator.NILIKE, pattern);
    }

    /**
     * POSIX regular expression match ({@code ~}). LoopBack's flags are read: {@code "^a/i"} or
     * {@code "/^a/i"} is case-insensitive; see {@code docs/filter.md} for {@code g}, {@code m}, {@code s}.
     */
    public Where regexp(String pattern) {
        return condition(Operator.REGEXP, pattern);
    }

    /** Case-insensitive POSIX regular expression match ({@code ~*}). */
    public Where iregexp(String pattern) {
        return condition(Operator.IREGEXP, pattern);
    }

    /** The array property contains every given element. */
    public Where contains(Collection<?> values) {
        return condition(Operator.CONTAINS, values);
    }

    /** Every element of the array property is among the given ones. */
    public Where containedBy(Collection<?> values) {
        return condition(Operator.CONTAINED_BY, values);
    }

    /** The array property shares at least one element with the given ones. */
    public Where overlaps(Collection<?> values) {
        return condition(Operator.OVERLAPS, values);
    }

    /** To-many relation: at least one related row matches {@code where} ({@code Where.allOf()}: any row). */
    public Where some(Where where) {
        return relation(Where.Quantifier.SOME, java.util.Objects.requireNonNull(where, "where"));
    }

    /** To-many relation: no related row matches {@code where}; true for a parent without related rows. */
    public Where none(Where where) {
        return relation(Where.Quantifier.NONE, java.util.Objects.requireNonNull(where, "where"));
    }

    /**
     * To-many relation: every related row matches {@code where} (a row where it is SQL NULL does not);
     * true for a parent without related rows.
     */
    public Where every(Where where) {
        return relation(Where.Quantifier.EVERY, java.util.Objects.requireNonNull(where, "where"));
    }

    /** To-one relation: the related row exists and matches {@code where}; {@code null}: there is no related row. */
    public Where is(@Nullable Where where) {
        return relation(Where.Quantifier.IS, where);
    }

    /** To-one relation: the related row is missing or does not match; {@code null}: there is a related row. */
    public Where isNot(@Nullable Where where) {
        return relation(Where.Quantifier.IS_NOT, where);
    }

    private Where relation(Where.Quantifier quantifier, @Nullable Where where) {
        return new Where.Relation(path, quantifier, where);
    }
}
