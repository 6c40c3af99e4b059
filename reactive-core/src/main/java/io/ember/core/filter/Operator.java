package io.ember.core.filter;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The comparison operators of a {@link Where.Condition}, named as in JSON filters. */
public enum Operator {
    EQ("eq", Arity.ONE),
    NEQ("neq", Arity.ONE),
    GT("gt", Arity.ONE),
    GTE("gte", Arity.ONE),
    LT("lt", Arity.ONE),
    LTE("lte", Arity.ONE),
    INQ("inq", Arity.LIST),
    NIN("nin", Arity.LIST),
    BETWEEN("between", Arity.PAIR),
    NOT_BETWEEN("notBetween", Arity.PAIR),
    LIKE("like", Arity.ONE),
    NLIKE("nlike", Arity.ONE),
    ILIKE("ilike", Arity.ONE),
    NILIKE("nilike", Arity.ONE),
    REGEXP("regexp", Arity.ONE),
    IREGEXP("iregexp", Arity.ONE),
    /** Array column contains every element of the operand ({@code @>}). */
    CONTAINS("contains", Arity.LIST),
    /** Every element of the array column is in the operand ({@code <@}). */
    CONTAINED_BY("containedBy", Arity.LIST),
    /** Array column and operand share an element ({@code &&}). */
    OVERLAPS("overlaps", Arity.LIST);

    /** What an operator takes as operand. */
    public enum Arity {
        /** One value (null allowed for eq/neq, meaning IS [NOT] NULL, and for the range operators, matching no row). */
        ONE,
        /** A list of values. */
        LIST,
        /** A list of exactly two values. */
        PAIR
    }

    private static final Map<String, Operator> BY_NAME = new HashMap<>();

    static {
        for (Operator op : values()) {
            BY_NAME.put(op.jsonName, op);
        }
        BY_NAME.put("ne", NEQ);
        BY_NAME.put("in", INQ);
        BY_NAME.put("containsAnyOf", OVERLAPS); // LoopBack's PostgreSQL connector
    }

    private final String jsonName;
    private final Arity arity;

    Operator(String jsonName, Arity arity) {
        this.jsonName = jsonName;
        this.arity = arity;
    }

    /** The operator's name in JSON filters ({@code gte}, {@code notBetween}...). */
    public String jsonName() {
        return jsonName;
    }

    /** What the operator takes as operand. */
    public Arity arity() {
        return arity;
    }

    /** Whether it applies to array columns only. */
    public boolean isArrayOperator() {
        return this == CONTAINS || this == CONTAINED_BY || this == OVERLAPS;
    }

    /** Whether it is one of gt, gte, lt, lte. */
    public boolean isRange() {
        return this == GT || this == GTE || this == LT || this == LTE;
    }

    /** Whether it is a pattern match on text. */
    public boolean isPattern() {
        return this == LIKE || this == NLIKE || this == ILIKE || this == NILIKE || this == REGEXP || this == IREGEXP;
    }

    /**
     * The operator with that JSON name, or {@code null}. Aliases: {@code ne} (neq), {@code in} (inq) and
     * {@code containsAnyOf} (overlaps, as LoopBack's PostgreSQL connector names it).
     */
    public static @Nullable Operator byJsonName(String name) {
        return BY_NAME.get(name);
    }
}
