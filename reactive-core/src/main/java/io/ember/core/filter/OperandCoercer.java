package io.ember.core.filter;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.model.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Converts one operand to the Java type of a property's kind ({@link ValueKind#driverType()}, or the
 * enum constant for {@link ValueKind#ENUM}). Numbers convert only when exact (no fractions into
 * integers, no overflow); strings, as a query string delivers every value, parse to the kind.
 * A value that already has the type is returned as is.
 */
final class OperandCoercer {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NUMBER_TEXT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,9})?");
    /** PostgreSQL numeric: up to 131072 digits before the point and 16383 after. */
    private static final int NUMERIC_INTEGER_DIGITS = 131_072;
    private static final int NUMERIC_FRACTION_DIGITS = 16_383;

    private static final LocalDateTime MIN_TIMESTAMP_LOCAL = LocalDateTime.of(1, 1, 1, 0, 0);
    private static final LocalDateTime MAX_TIMESTAMP_LOCAL = LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000);
    private static final Instant MIN_TIMESTAMP = MIN_TIMESTAMP_LOCAL.toInstant(ZoneOffset.UTC);
    private static final Instant MAX_TIMESTAMP = MAX_TIMESTAMP_LOCAL.toInstant(ZoneOffset.UTC);
    private static final LocalDate MAX_DATE = LocalDate.of(5874897, 12, 31);

    private OperandCoercer() {
    }

    /**
     * The operand as the property's Java type.
     *
     * @param enumType the enum class for {@link ValueKind#ENUM}, else ignored
     * @throws InvalidFilterException naming {@code path} and the expected type
     */
    static Object coerce(Object value, ValueKind kind, @Nullable Class<?> enumType, String path) {
        return switch (kind) {
            case STRING -> text(value, path);
            case SHORT -> (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE, "a 16-bit integer", path);
            case INT -> (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit integer", path);
            case LONG -> integral(value, Long.MIN_VALUE, Long.MAX_VALUE, "a 64-bit integer", path);
            case FLOAT -> floating(value, true, path);
            case DOUBLE -> floating(value, false, path);
            case DECIMAL -> decimal(value, "a decimal number", path);
            case BOOLEAN -> bool(value, path);
            case UUID -> uuid(value, path);
            case INSTANT, OFFSET_DATE_TIME, LOCAL_DATE, LOCAL_DATE_TIME -> inRange(time(value, kind, path), value, path);
            case ENUM -> enumConstant(value, enumType, path);
            case BYTES -> bytes(value, path);
            case JSON -> jsonScalar(value, path);
            case ARRAY -> throw new IllegalArgumentException("an array is not a scalar kind");
        };
    }

    private static Object time(Object value, ValueKind kind, String path) {
        return switch (kind) {
            case INSTANT -> value instanceof OffsetDateTime o ? o.toInstant()
                    : temporal(value, Instant.class, s -> OffsetDateTime.parse(s).toInstant(),
                            "an ISO-8601 timestamp with offset such as 2024-05-01T10:15:30Z", path);
            case OFFSET_DATE_TIME -> value instanceof Instant i ? i.atOffset(ZoneOffset.UTC)
                    : temporal(value, OffsetDateTime.class, OffsetDateTime::parse,
                            "an ISO-8601 timestamp with offset such as 2024-05-01T10:15:30+02:00", path);
            case LOCAL_DATE -> temporal(value, LocalDate.class, LocalDate::parse,
                    "an ISO-8601 date such as 2024-05-01", path);
            default -> temporal(value, LocalDateTime.class, LocalDateTime::parse,
                    "an ISO-8601 date and time without offset such as 2024-05-01T10:15:30", path);
        };
    }

    /**
     * A date or timestamp within what PostgreSQL stores: timestamps from year 1 to 294276, dates from
     * year 1 to 5874897 (PostgreSQL's BC years are refused too, as drivers disagree on their text).
     */
    private static Object inRange(Object time, Object value, String path) {
        boolean ok;
        if (time instanceof Instant i) {
            ok = !i.isBefore(MIN_TIMESTAMP) && !i.isAfter(MAX_TIMESTAMP);
        } else if (time instanceof OffsetDateTime o) {
            ok = !o.toInstant().isBefore(MIN_TIMESTAMP) && !o.toInstant().isAfter(MAX_TIMESTAMP);
        } else if (time instanceof LocalDateTime t) {
            ok = !t.isBefore(MIN_TIMESTAMP_LOCAL) && !t.isAfter(MAX_TIMESTAMP_LOCAL);
        } else {
            LocalDate d = (LocalDate) time;
            ok = !d.isBefore(MIN_TIMESTAMP_LOCAL.toLocalDate()) && !d.isAfter(MAX_DATE);
        }
        if (!ok) {
            throw fail(value, time instanceof LocalDate ? "a date from year 1 to 5874897"
                    : "a timestamp from year 1 to 294276", path);
        }
        return time;
    }

    /** An operand compared inside a jsonb document: a string, a number ({@code Long} or {@code BigDecimal}) or a boolean. */
    static Object jsonScalar(Object value, String path) {
        if (value instanceof String s) {
            return text(s, path);
        }
        if (value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number) {
            return decimal(value, "a number", path);
        }
        throw fail(value, "a string, a number or a boolean", path);
    }

    static String text(Object value, String path) {
        if (!(value instanceof String s)) {
            throw fail(value, "a string", path);
        }
        if (s.indexOf('\0') >= 0) {
            throw new InvalidFilterException(path, "expected a string without NUL characters");
        }
        return s;
    }

    private static long integral(Object value, long min, long max, String expected, String path) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            if (v < min || v > max) {
                throw fail(value, expected + " (out of range)", path);
            }
            return v;
        }
        BigDecimal d = number(value, expected, path);
        long v;
        try {
            if (integerDigits(d) > 19) {
                throw new ArithmeticException("Overflow");
            }
            v = d.longValueExact();
        } catch (ArithmeticException e) {
            boolean fraction = d.signum() != 0 && integerDigits(d) <= 19;
            throw fail(value, expected + (fraction ? " (no fraction)" : " (out of range)"), path);
        }
        if (v < min || v > max) {
            throw fail(value, expected + " (out of range)", path);
        }
        return v;
    }

    private static Object floating(Object value, boolean single, String path) {
        String expected = single ? "a 32-bit floating-point number" : "a 64-bit floating-point number";
        if (single && value instanceof Float || !single && value instanceof Double) {
            if (!Double.isFinite(((Number) value).doubleValue())) {
                throw fail(value, expected + " (finite)", path);
            }
            return value;
        }
        BigDecimal d = number(value, expected, path);
        double v = d.doubleValue();
        if (value instanceof Long l && (long) v != l) {
            throw fail(value, expected + " (this integer cannot be represented exactly)", path);
        }
        if (single ? !Float.isFinite((float) v) : !Double.isFinite(v)) {
            throw fail(value, expected + " (out of range)", path);
        }
        return single ? (Object) (float) v : (Object) v;
    }

    private static BigDecimal decimal(Object value, String expected, String path) {
        BigDecimal d = value instanceof BigDecimal b ? b : number(value, expected, path);
        if (d.signum() != 0 && (integerDigits(d) > NUMERIC_INTEGER_DIGITS || d.scale() > NUMERIC_FRACTION_DIGITS)) {
            throw fail(value, expected + " (out of range)", path);
        }
        return d;
    }

    /** Any number or numeric string as an exact BigDecimal; NaN and infinities refused. */
    private static BigDecimal number(Object value, String expected, String path) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double v = ((Number) value).doubleValue();
            if (Double.isFinite(v)) {
                return new BigDecimal(Double.toString(v));
            }
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.length() <= 1000 && NUMBER_TEXT.matcher(t).matches()) {
                return new BigDecimal(t);
            }
        }
        throw fail(value, expected, path);
    }

    /** The number of digits before the decimal point, computed without int overflow. */
    static long integerDigits(BigDecimal d) {
        return (long) d.precision() - d.scale();
    }

    private static Boolean bool(Object value, String path) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        throw fail(value, "a boolean (true or false)", path);
    }

    private static UUID uuid(Object value, String path) {
        if (value instanceof UUID u) {
            return u;
        }
        if (value instanceof String s && UUID_TEXT.matcher(s).matches()) {
            return UUID.fromString(s);
        }
        throw fail(value, "a UUID such as 123e4567-e89b-12d3-a456-426614174000", path);
    }

    /** A value of a java.time type, or its ISO-8601 text parsed by {@code parse}. */
    private static <T> T temporal(Object value, Class<T> type, Function<String, T> parse, String expected,
                                  String path) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        if (value instanceof String s) {
            try {
                return parse.apply(s);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw fail(value, expected, path);
    }

    private static Enum<?> enumConstant(Object value, @Nullable Class<?> enumType, String path) {
        if (enumType == null || !enumType.isEnum()) {
            throw new IllegalStateException("no enum type for " + path);
        }
        if (enumType.isInstance(value)) {
            return (Enum<?>) value;
        }
        Object[] constants = enumType.getEnumConstants();
        if (value instanceof String s) {
            for (Object c : constants) {
                if (((Enum<?>) c).name().equals(s)) {
                    return (Enum<?>) c;
                }
            }
        }
        String names = Arrays.stream(constants).map(c -> ((Enum<?>) c).name()).limit(20).collect(Collectors.joining(", "));
        throw fail(value, "one of " + names + (constants.length > 20 ? ", ..." : ""), path);
    }

    private static byte[] bytes(Object value, String path) {
        if (value instanceof byte[] b) {
            return b;
        }
        throw fail(value, "bytes (byte[]; binary values cannot be given as text)", path);
    }

    private static InvalidFilterException fail(Object value, String expected, String path) {
        String found = value instanceof String s ? "'" + JsonValues.excerpt(s) + "'"
                : value instanceof Number || value instanceof Boolean ? JsonValues.excerpt(value.toString())
                : "a " + value.getClass().getSimpleName();
        return new InvalidFilterException(path, "expected " + expected + ", found " + found);
    }
}
