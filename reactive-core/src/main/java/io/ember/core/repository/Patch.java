package io.ember.core.repository;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A set of property values to write: {@code Patch.of("name", "Ada").set("age", 36)}. Keys are
 * property names, or JSON paths into a {@code @Json} property ({@code "metadata.address.city"},
 * {@code "metadata.items[0].sku"}); {@code null} values write NULL. Immutable; every method returns
 * a new patch.
 *
 * <ul>
 *   <li>A JSON path creates the objects it names that are missing (also when the column is NULL);
 *       a path through a scalar, or an array index past the end of its array, fails the update
 *       with an {@link io.ember.core.error.InvalidDataException} and writes nothing.</li>
 *   <li>{@link #increment(String, Number)} adds to a number in the database
 *       ({@code views = COALESCE(views, 0) + $1}), so concurrent increments are never lost.</li>
 *   <li>{@link #expectVersion(long)} makes {@code updateById} of a {@code @Version} model update
 *       only the row at that version; another version is an
 *       {@link io.ember.core.error.OptimisticLockException}.</li>
 *   <li>A {@code @Hidden} property is written only when the patch names it (a {@code null} value
 *       then clears it).</li>
 * </ul>
 */
public final class Patch {

    private static final Patch EMPTY = new Patch(Map.of(), null);

    /**
     * The value of a key that {@link #increment(String, Number)} adds to, as {@link #values()} shows it.
     *
     * @param amount the number added (negative to subtract)
     */
    public record Increment(Number amount) {
        public Increment {
            Objects.requireNonNull(amount, "amount");
        }
    }

    private final Map<String, @Nullable Object> values;
    private final @Nullable Long expectedVersion;

    private Patch(Map<String, @Nullable Object> values, @Nullable Long expectedVersion) {
        this.values = values;
        this.expectedVersion = expectedVersion;
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

    /** A patch that adds {@code amount} to a numeric property, in the database. */
    public static Patch ofIncrement(String property, Number amount) {
        return EMPTY.increment(property, amount);
    }

    /** This patch with one more (or a replaced) value. */
    public Patch set(String property, @Nullable Object value) {
        Objects.requireNonNull(property, "property");
        Map<String, @Nullable Object> copy = new LinkedHashMap<>(values);
        copy.put(property, value);
        return new Patch(Collections.unmodifiableMap(copy), expectedVersion);
    }

    /**
     * This patch, also adding {@code amount} to a numeric property in the database
     * ({@code "views" = COALESCE("views", 0) + $n}: a NULL counts as 0). Replaces a value set for the
     * same property.
     */
    public Patch increment(String property, Number amount) {
        return set(property, new Increment(amount));
    }

    /**
     * This patch, applied by {@code updateById} only if the row is at this {@code @Version}; a row at
     * another version fails the call with an {@link io.ember.core.error.OptimisticLockException}.
     */
    public Patch expectVersion(long version) {
        return new Patch(values, version);
    }

    /** The values, in the order they were set; an increment shows as an {@link Increment}. */
    public Map<String, @Nullable Object> values() {
        return values;
    }

    /** The version {@link #expectVersion(long)} asked for, or {@code null}. */
    public @Nullable Long expectedVersion() {
        return expectedVersion;
    }

    /** Whether it sets nothing. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Patch p && p.values.equals(values) && Objects.equals(p.expectedVersion, expectedVersion);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + Objects.hashCode(expectedVersion);
    }

    @Override
    public String toString() {
        return "Patch" + values + (expectedVersion == null ? "" : " at version " + expectedVersion);
    }
}
