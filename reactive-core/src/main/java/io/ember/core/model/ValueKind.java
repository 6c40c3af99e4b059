package io.ember.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The closed set of value types a model property may have, each with its PostgreSQL type. */
public enum ValueKind {
    STRING("text", String.class),
    SHORT("int2", Short.class),
    INT("int4", Integer.class),
    LONG("int8", Long.class),
    FLOAT("float4", Float.class),
    DOUBLE("float8", Double.class),
    DECIMAL("numeric", BigDecimal.class),
    BOOLEAN("bool", Boolean.class),
    UUID("uuid", java.util.UUID.class),
    INSTANT("timestamptz", Instant.class),
    OFFSET_DATE_TIME("timestamptz", OffsetDateTime.class),
    LOCAL_DATE("date", LocalDate.class),
    LOCAL_DATE_TIME("timestamp", LocalDateTime.class),
    /** A Java enum, stored as its {@code name()} in a text column. */
    ENUM("text", String.class),
    BYTES("bytea", byte[].class),
    /** Any Jackson-mapped type, stored as jsonb. */
    JSON("jsonb", Object.class),
    /** A {@code List} or Java array of a scalar kind, stored as a PostgreSQL array. */
    ARRAY("", Object[].class);

    private static final Map<Class<?>, ValueKind> SCALARS = Map.ofEntries(
            Map.entry(String.class, STRING),
            Map.entry(Short.class, SHORT), Map.entry(short.class, SHORT),
            Map.entry(Integer.class, INT), Map.entry(int.class, INT),
            Map.entry(Long.class, LONG), Map.entry(long.class, LONG),
            Map.entry(Float.class, FLOAT), Map.entry(float.class, FLOAT),
            Map.entry(Double.class, DOUBLE), Map.entry(double.class, DOUBLE),
            Map.entry(BigDecimal.class, DECIMAL),
            Map.entry(Boolean.class, BOOLEAN), Map.entry(boolean.class, BOOLEAN),
            Map.entry(java.util.UUID.class, UUID),
            Map.entry(Instant.class, INSTANT),
            Map.entry(OffsetDateTime.class, OFFSET_DATE_TIME),
            Map.entry(LocalDate.class, LOCAL_DATE),
            Map.entry(LocalDateTime.class, LOCAL_DATE_TIME),
            Map.entry(byte[].class, BYTES));

    private final String sqlType;
    private final Class<?> driverType;

    ValueKind(String sqlType, Class<?> driverType) {
        this.sqlType = sqlType;
        this.driverType = driverType;
    }

    /** The PostgreSQL type name of a scalar of this kind ({@code int8}, {@code timestamptz}...). */
    public String sqlType() {
        return sqlType;
    }

    /** The boxed Java type the driver reads and writes for this kind. */
    public Class<?> driverType() {
        return driverType;
    }

    /** Whether values of this kind have a natural order ({@code gt}, {@code between}...). */
    public boolean isOrdered() {
        return this != BOOLEAN && this != BYTES && this != JSON && this != ARRAY && this != UUID;
    }

    /** The kind of a plain (non-JSON, non-array) Java type, or {@code null} when it has none. */
    static @Nullable ValueKind scalarOf(Class<?> type) {
        if (type.isEnum()) {
            return ENUM;
        }
        return SCALARS.get(type);
    }
}
