package io.ember.core.repository;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A set of property values to write: {@code Patch.of("name", "Ada").set("age", 36)}. Keys are
 * property names; {@code null} values write NULL. Immutable; {@link #set} returns a new patch.
 */
public final class Patch {

    private static final Patch EMPTY = new Patch(Map.of());

    private final Map<String, @Nullable Object> values;

    private Patch(Map<String, @Nullable Object> values) {
        this.values = values;
    }

    /** A patch of one value. */
    public static Patch of(String property, @Nullable Object value) {
        return EMPTY.set(property, value);
    }

    /** A patch of the entries of a map, in its iteration order. */
    public static Patch of(Map<String, ?> values) {
        Patch p = EMPTY;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            p = p.set(e.getKey(), e.getValue());
        }
        return p;
    }

    /** This patch with one more (or a replaced) value. */
    public Patch set(String property, @Nullable Object value) {
        Objects.requireNonNull(property, "property");
        Map<String, @Nullable Object> copy = new LinkedHashMap<>(values);
        copy.put(property, value);
        return new Patch(Collections.unmodifiableMap(copy));
    }

    /** The values, in the order they were set. */
    public Map<String, @Nullable Object> values() {
        return values;
    }

    /** Whether it sets nothing. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Patch p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Patch" + values;
    }
}
