package io.ember.r2dbc.repository;

import io.ember.core.model.PropertyMetadata;
import io.ember.r2dbc.mapping.NullValue;
import io.ember.r2dbc.mapping.Values;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.r2dbc.postgresql.codec.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes rows in PostgreSQL's COPY text format: the same driver values an insert binds
 * ({@link Values#toDriver}), rendered as the text each type's input function reads, tab between
 * columns, {@code \N} for NULL, backslash escapes for backslash, tab, newline and carriage return.
 * Timestamps are ISO 8601 with their offset, so the server's DateStyle and TimeZone do not matter,
 * rounded to microseconds half up first, as an insert's are.
 */
final class CopyText {

    private static final byte TAB = '\t';
    private static final byte NEWLINE = '\n';
    private static final byte BACKSLASH = '\\';
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CopyText() {
    }

    /** Appends one row (model values in {@code columns} order) and its newline. */
    static void row(ByteBuf out, List<PropertyMetadata> columns, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.writeByte(TAB);
            }
            value(out, Values.toDriver(columns.get(i), values[i]));
        }
        out.writeByte(NEWLINE);
    }

    private static void value(ByteBuf out, Object value) {
        if (value instanceof NullValue) {
            out.writeByte(BACKSLASH).writeByte('N');
        } else if (value instanceof String s) {
            escaped(out, s);
        } else if (value instanceof Json json) {
            escaped(out, json.asArray());
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BACKSLASH).writeByte(BACKSLASH).writeByte('x');
            for (byte b : bytes) {
                out.writeByte(HEX[(b >> 4) & 0xf]).writeByte(HEX[b & 0xf]);
            }
        } else if (value instanceof Object[] array) {
            escaped(out, arrayLiteral(array));
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            CopyDigits.integer(out, ((Number) value).longValue());
        } else if (value instanceof Instant instant) {
            CopyDigits.instant(out, instant.plusNanos(roundingToMicros(instant.getNano())));
        } else if (value instanceof OffsetDateTime time) {
            CopyDigits.offsetDateTime(out, time.plusNanos(roundingToMicros(time.getNano())));
        } else if (value instanceof LocalDateTime time) {
            CopyDigits.localDateTime(out, time.plusNanos(roundingToMicros(time.getNano())));
        } else if (value instanceof LocalDate date) {
            CopyDigits.localDate(out, date);
        } else {
            ByteBufUtil.writeAscii(out, scalar(value));
        }
    }

    /**
     * The nanoseconds to add to a time to round it to microseconds half up, as r2dbc-postgresql rounds
     * the timestamps an insert binds (the server would round the extra digits half to even).
     */
    private static long roundingToMicros(int nanos) {
        int below = nanos % 1000;
        return below == 0 ? 0 : below >= 500 ? 1000 - below : -below;
    }

    /** The text of a scalar driver value, as its type's input function reads it. */
    private static String scalar(Object value) {
        if (value instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        if (value instanceof OffsetDateTime time) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
        }
        if (value instanceof LocalDateTime time) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time);
        }
        if (value instanceof LocalDate date) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
        }
        return value.toString();   // numbers, UUID
    }

    /** {@code {"a","b",NULL}}: every element quoted, {@code "} and {@code \} escaped inside the quotes. */
    private static String arrayLiteral(Object[] array) {
        StringBuilder out = new StringBuilder(array.length * 8 + 2).append('{');
        for (int i = 0; i < array.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object item = array[i];
            if (item == null) {
                out.append("NULL");
                continue;
            }
            String text = item instanceof String s ? s : scalar(item);
            out.append('"');
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (ch == '"' || ch == '\\') {
                    out.append('\\');
                }
                out.append(ch);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }

    private static void escaped(ByteBuf out, String s) {
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char escape = escape(s.charAt(i));
            if (escape != 0) {
                ByteBufUtil.writeUtf8(out, s, from, i);
                out.writeByte(BACKSLASH).writeByte(escape);
                from = i + 1;
            }
        }
        ByteBufUtil.writeUtf8(out, s, from, s.length());
    }

    /** UTF-8 bytes: a byte of a multi-byte character is never ASCII, so escaping byte by byte is safe. */
    private static void escaped(ByteBuf out, byte[] utf8) {
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            char escape = escape((char) utf8[i]);
            if (escape != 0) {
                out.writeBytes(utf8, from, i - from);
                out.writeByte(BACKSLASH).writeByte(escape);
                from = i + 1;
            }
        }
        out.writeBytes(utf8, from, utf8.length - from);
    }

    private static char escape(char c) {
        return switch (c) {
            case '\\' -> '\\';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\r' -> 'r';
            default -> 0;
        };
    }
}
