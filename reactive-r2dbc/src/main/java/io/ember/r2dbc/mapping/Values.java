package io.ember.r2dbc.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ember.core.error.InvalidDataException;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Converts model values to what the driver binds, and column values back to model values:
 * enums as their names, {@code @Json} values through Jackson as jsonb, lists as PostgreSQL arrays,
 * numbers to the property's exact boxed type.
 */
public final class Values {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private Values() {
    }

    /** The Jackson mapper used for {@code @Json} properties. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The bind value for a property value; {@code null} becomes a typed {@link NullValue}. */
    public static Object toDriver(PropertyMetadata property, @Nullable Object value) {
        if (value == null) {
            return new NullValue(driverType(property));
        }
        return switch (property.kind()) {
            case JSON -> toJson(value);
            case ARRAY -> toArray(property.elementKind(), value);
            default -> scalar(property.kind(), value);
        };
    }

    /** The driver type of a property's column: what it binds and reads. */
    public static Class<?> driverType(PropertyMetadata property) {
        return switch (property.kind()) {
            case JSON -> Json.class;
            case ARRAY -> arrayType(property.elementKind());
            default -> property.kind().driverType();
        };
    }

    /** A typed Java array ({@code Long[]}, {@code String[]}...) of values of one kind, for {@code = ANY($1)} and array columns. */
    public static Object toArray(@Nullable ValueKind elementKind, Object values) {
        ValueKind kind = elementKind == null ? ValueKind.STRING : elementKind;
        Collection<?> items = values instanceof Collection<?> c ? c
                : values.getClass().isArray() ? Arrays.asList(boxedArray(values)) : List.of(values);
        // every driver type is a reference type, so the typed array is an Object[]: plain stores,
        // not the reflective Array.set (a native call per element)
        Object[] out = (Object[]) Array.newInstance(kind.driverType(), items.size());
        int i = 0;
        for (Object item : items) {
            out[i++] = item == null ? null : scalar(kind, item);
        }
        return out;
    }

    /** The array class of a kind's driver type ({@code Long[].class}). */
    public static Class<?> arrayType(@Nullable ValueKind elementKind) {
        ValueKind kind = elementKind == null ? ValueKind.STRING : elementKind;
        return kind.driverType().arrayType();
    }

    /** A scalar converted to the exact driver type of its kind. */
    public static Object scalar(ValueKind kind, Object value) {
        return switch (kind) {
            case ENUM -> value instanceof Enum<?> e ? e.name() : value.toString();
            case SHORT -> value instanceof Short ? value : Short.valueOf(exact(value).shortValueExact());
            case INT -> value instanceof Integer ? value : Integer.valueOf(exact(value).intValueExact());
            case LONG -> value instanceof Long ? value : Long.valueOf(exact(value).longValueExact());
            case FLOAT -> value instanceof Number n ? Float.valueOf(n.floatValue()) : value;
            case DOUBLE -> value instanceof Number n ? Double.valueOf(n.doubleValue()) : value;
            case DECIMAL -> value instanceof BigDecimal ? value
                    : value instanceof Number n ? new BigDecimal(n.toString()) : value;
            default -> value;
        };
    }

    private static BigDecimal exact(Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        throw new IllegalArgumentException("expected a number, got " + value.getClass().getSimpleName() + " " + value);
    }

    /** A value serialized by Jackson as a jsonb bind value. */
    public static Json toJson(Object value) {
        try {
            return Json.of(JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Reads column {@code index} of a row as the property's model value. */
    public static @Nullable Object read(PropertyMetadata property, Row row, int index) {
        return switch (property.kind()) {
            case JSON -> fromJson(property, row.get(index, Json.class));
            case ARRAY -> fromArray(property, row.get(index, arrayType(property.elementKind())));
            case ENUM -> toEnum(property.type(), row.get(index, String.class));
            default -> row.get(index, property.kind().driverType());
        };
    }

    private static @Nullable Object fromJson(PropertyMetadata property, @Nullable Json json) {
        if (json == null) {
            return null;
        }
        try {
            JavaType type = JSON.getTypeFactory().constructType(property.genericType());
            return JSON.readValue(json.asArray(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read column of " + property + " as "
                    + property.genericType().getTypeName(), e);
        }
    }

    private static @Nullable Object fromArray(PropertyMetadata property, @Nullable Object array) {
        if (array == null) {
            return null;
        }
        Object[] items = (Object[]) array;
        if (property.elementKind() == ValueKind.ENUM) {
            Class<?> enumType = property.type().isArray() ? property.type().getComponentType()
                    : elementClass(property);
            Object[] converted = (Object[]) Array.newInstance(enumType, items.length);
            for (int i = 0; i < items.length; i++) {
                converted[i] = toEnum(enumType, (String) items[i]);
            }
            items = converted;
        }
        if (property.type().isArray()) {
            Class<?> component = property.type().getComponentType();
            if (component == items.getClass().getComponentType()) {
                return items;
            }
            Object out = Array.newInstance(component, items.length);
            for (int i = 0; i < items.length; i++) {
                if (items[i] == null && component.isPrimitive()) {
                    String boxed = items.getClass().getComponentType().getSimpleName();
                    throw new InvalidDataException("Column " + property.column() + " holds a NULL at index " + i
                            + ", which " + component.getName() + "[] " + property.name() + " cannot hold; declare it "
                            + boxed + "[] or List<" + boxed + ">", null, property.column(), null, null, null);
                }
                Array.set(out, i, items[i]);
            }
            return out;
        }
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    private static Class<?> elementClass(PropertyMetadata property) {
        var generic = (java.lang.reflect.ParameterizedType) property.genericType();
        return (Class<?>) generic.getActualTypeArguments()[0];
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static @Nullable Object toEnum(Class<?> type, @Nullable String name) {
        return name == null ? null : Enum.valueOf((Class<? extends Enum>) type, name);
    }

    private static Object[] boxedArray(Object array) {
        int n = Array.getLength(array);
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = Array.get(array, i);
        }
        return out;
    }
}
