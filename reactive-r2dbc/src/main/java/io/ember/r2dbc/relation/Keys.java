package io.ember.r2dbc.relation;

import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import io.ember.r2dbc.mapping.Values;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/** Join key values: one Java value per key whatever the property's declared width, and the array bound as {@code $1}. */
final class Keys {

    private Keys() {
    }

    /** The value a map of children is keyed by: integers as {@code Long}, enums as their names. */
    static @Nullable Object normalize(@Nullable Object value) {
        if (value instanceof Long) {
            return value;
        }
        if (value instanceof Short || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value;
    }

    /** The driver-ready array of normalized keys of a property: {@code Long[]} for any integer width. */
    static Object array(PropertyMetadata key, Collection<Object> normalized) {
        ValueKind kind = key.kind();
        if (kind == ValueKind.SHORT || kind == ValueKind.INT) {
            kind = ValueKind.LONG;
        }
        return Values.toArray(kind, normalized);
    }
}
