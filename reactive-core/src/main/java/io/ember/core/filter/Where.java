package io.ember.core.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A condition tree: conjunctions, disjunctions and property conditions. Immutable; build it with
 * {@link #where(String)} and {@link #and(Where...)}/{@link #or(Where...)}:
 *
 * <pre>{@code
 * Where w = where("age").gte(18).and(where("name").ilike("a%").or(where("tags").contains(List.of("x"))));
 * }</pre>
 */
public sealed interface Where permits Where.And, Where.Or, Where.Condition, Where.Relation {

    /** All of the items hold. An empty conjunction is true. */
    record And(List<Where> items) implements Where {
        public And {
            items = List.copyOf(items);
        }
    }

    /** At least one of the items holds. An empty disjunction is false. */
    record Or(List<Where> items) implements Where {
        public Or {
            items = List.copyOf(items);
        }
    }

    /**
     * A condition on one property (or a JSON path inside a jsonb property, {@code "metadata.address.city"}).
     *
     * @param path     the property name, or a JSON path that starts with one
     * @param operator the operator
     * @param value    a single value; a {@code List} for list operators (for inq and nin it may hold
     *                 {@code null}, which equals nothing); a two-element {@code List} for between;
     *                 {@code null} with EQ/NEQ means IS [NOT] NULL, with GT/GTE/LT/LTE it matches no row
     */
    record Condition(String path, Operator operator, @Nullable Object value) implements Where {
        public Condition {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(operator, "operator");
            if (value instanceof Collection<?> c) {
                value = Collections.unmodifiableList(new ArrayList<>(c));
            }
        }
    }

    /**
     * A condition on a relation, rendered as a correlated {@code EXISTS}/{@code NOT EXISTS} subquery:
     * on a to-many relation ({@code @HasMany}, {@code @HasManyThrough}) {@link Quantifier#SOME some},
     * {@link Quantifier#NONE none} or {@link Quantifier#EVERY every} related row matches {@code where};
     * on a to-one relation ({@code @BelongsTo}, {@code @HasOne}) the related row {@link Quantifier#IS is}
     * or {@link Quantifier#IS_NOT is not} one that matches {@code where}. The related model's soft delete
     * applies inside: a deleted row is not related. Build it with {@code where("posts").some(...)}.
     *
     * @param relation   the relation's name on the model
     * @param quantifier how the related rows are counted
     * @param where      the condition on the related model; {@code null} only with {@code is}/{@code isNot},
     *                   where {@code is null} means "has no related row" and {@code isNot null} "has one"
     */
    record Relation(String relation, Quantifier quantifier, @Nullable Where where) implements Where {
        public Relation {
            Objects.requireNonNull(relation, "relation");
            Objects.requireNonNull(quantifier, "quantifier");
            if (where == null && quantifier.toMany()) {
                throw new IllegalArgumentException(quantifier.jsonName() + " needs a where (Where.allOf() for any row)");
            }
        }
    }

    /** The quantifiers of a {@link Relation} condition, by their JSON names. */
    enum Quantifier {
        /** To-many: at least one related row matches. */
        SOME("some", true),
        /** To-many: no related row matches (true for a parent without related rows). */
        NONE("none", true),
        /**
         * To-many: no related row fails to match, i.e. every related row matches (true for a parent
         * without related rows); a row whose condition is SQL NULL (unknown) fails.
         */
        EVERY("every", true),
        /** To-one: the related row exists and matches ({@code null}: there is no related row). */
        IS("is", false),
        /** To-one: no related row matches, also when there is none ({@code null}: there is a related row). */
        IS_NOT("isNot", false);

        private final String jsonName;
        private final boolean toMany;

        Quantifier(String jsonName, boolean toMany) {
            this.jsonName = jsonName;
            this.toMany = toMany;
        }

        /** The name in JSON filters: {@code some}, {@code none}, {@code every}, {@code is}, {@code isNot}. */
        public String jsonName() {
            return jsonName;
        }

        /** Whether it applies to to-many relations (else to to-one relations). */
        public boolean toMany() {
            return toMany;
        }

        /** The quantifier with this JSON name, or {@code null}. */
        public static @Nullable Quantifier byJsonName(String name) {
            for (Quantifier q : values()) {
                if (q.jsonName.equals(name)) {
                    return q;
                }
            }
            return null;
        }
    }

    /** Starts a condition on a property or JSON path. */
    static PropertyStep where(String path) {
        return new PropertyStep(path);
    }

    /** A conjunction of the given conditions. */
    static Where allOf(Where... items) {
        return new And(Arrays.asList(items));
    }

    /** A disjunction of the given conditions. */
    static Where anyOf(Where... items) {
        return new Or(Arrays.asList(items));
    }

    /** This condition and the others. Flattens nested conjunctions. */
    default Where and(Where... others) {
        List<Where> items = new ArrayList<>();
        if (this instanceof And a) {
            items.addAll(a.items());
        } else {
            items.add(this);
        }
        items.addAll(Arrays.asList(others));
        return new And(items);
    }

    /** This condition or the others. Flattens nested disjunctions. */
    default Where or(Where... others) {
        List<Where> items = new ArrayList<>();
        if (this instanceof Or o) {
            items.addAll(o.items());
        } else {
            items.add(this);
        }
        items.addAll(Arrays.asList(others));
        return new Or(items);
    }

    /** Whether this condition constrains nothing (an empty conjunction). */
    default boolean isEmpty() {
        return this instanceof And a && a.items().stream().allMatch(Where::isEmpty);
    }
}
