package io.ember.core.model;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What to do instead, for a property type Ember does not store: the advice of a model definition error. */
final class TypeAdvice {

    static final String SCALARS = "String, short, int, long, float, double (or their boxes), BigDecimal, boolean, "
            + "UUID, Instant, OffsetDateTime, LocalDate, LocalDateTime, an enum, byte[]";

    private TypeAdvice() {
    }

    static String forType(Class<?> type, Type generic) {
        if (type == Optional.class) {
            return "declare the value type itself (a null component is SQL NULL)";
        }
        if (Date.class.isAssignableFrom(type) || type == java.util.Calendar.class) {
            return "use Instant, OffsetDateTime, LocalDate or LocalDateTime";
        }
        if (type == char.class || type == Character.class || type == char[].class || type == Character[].class) {
            return "use String";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "mark it @Json to store it as jsonb";
        }
        if (Collection.class.isAssignableFrom(type) && type != List.class) {
            return "use List<" + elementName(generic) + "> or " + elementName(generic)
                    + "[] for a PostgreSQL array, or mark it @Json to store it as jsonb";
        }
        if (type == List.class || type.isArray()) {
            return "array elements must be one of " + SCALARS.replace(", byte[]", "")
                    + "; mark it @Json to store it as jsonb";
        }
        return "supported types are " + SCALARS + ", and List<X> or X[] of them; mark it @Json to store it as "
                + "jsonb, or declare it a relation (@BelongsTo, @HasOne, @HasMany, @HasManyThrough)";
    }

    private static String elementName(Type generic) {
        if (generic instanceof ParameterizedType pt && pt.getActualTypeArguments().length == 1
                && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c.getSimpleName();
        }
        return "X";
    }
}
