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
public sealed interface Where permits Where.And, Where.Or, Where.Condition {

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
