package io.ember.core.model;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * One stored property of a model: its Java name, its column, its kind and its roles. Read once per
 * model; the accessor is a method handle, so reading a value does no reflection lookup.
 *
 * @param name        the Java property name, the one filters use
 * @param column      the column name, unquoted
 * @param type        the declared raw type
 * @param genericType the declared generic type (for {@code @Json} and list properties)
 * @param kind        the value kind
 * @param elementKind for {@link ValueKind#ARRAY} the element kind, else {@code null}
 * @param nullable    whether the column accepts {@code NULL}
 * @param role        the special role, {@link Role#NONE} for a plain property
 * @param hidden      whether it is {@link Hidden}
 * @param index       its position among the record's components
 */
public record PropertyMetadata(
        String name,
        String column,
        Class<?> type,
        Type genericType,
        ValueKind kind,
        @Nullable ValueKind elementKind,
        boolean nullable,
        Role role,
        boolean hidden,
        int index,
        MethodHandle accessor) {

    /** What a property means to Ember beyond its value. */
    public enum Role {
        NONE, ID, CREATED_AT, MODIFIED_AT, DELETED_AT, VERSION, CREATED_BY, MODIFIED_BY
    }

    /** Whether this is the model's id. */
    public boolean isId() {
        return role == Role.ID;
    }

    /** Whether it is a {@link CreatedBy} or {@link ModifiedBy} property, written from the acting user. */
    public boolean isAuditUser() {
        return role == Role.CREATED_BY || role == Role.MODIFIED_BY;
    }

    /** Whether the column is an array of {@link #elementKind()}. */
    public boolean isArray() {
        return kind == ValueKind.ARRAY;
    }

    /** Reads this property from an entity of the model. */
    public @Nullable Object get(Object entity) {
        try {
            return (Object) accessor.invokeExact(entity);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot read " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + column + " " + kind + ")";
    }
}
