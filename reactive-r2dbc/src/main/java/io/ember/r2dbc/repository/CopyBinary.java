package io.ember.r2dbc.repository;

import io.ember.core.model.PropertyMetadata;
import io.ember.r2dbc.mapping.NullValue;
import io.ember.r2dbc.mapping.Values;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.r2dbc.postgresql.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes rows in PostgreSQL's binary COPY format: per row the number of fields, then each field as
 * its length and its type's binary form ({@code -1} for NULL), after a signature header and before
 * a {@code -1} trailer. The server reads binary values without parsing text, but takes no cast: a
 * value must be sent in exactly its column's type, so a load uses this format only when every column's
 * type in the catalog is one this class writes for the property's kind ({@link #field}); numeric and
 * array columns, domains and other types keep the text format ({@link CopyText}).
 *
 * <p>Timestamps are microseconds since 2000-01-01, rounded from nanoseconds half up, as r2dbc-postgresql
 * rounds the timestamps an insert binds, so a load stores what an insert of the same value stores.
 */
final class CopyBinary {

    /** The binary forms this class writes, each the one of a PostgreSQL type. */
    enum Field { TEXT, JSON, JSONB, BYTEA, INT2, INT4, INT8, FLOAT4, FLOAT8, BOOL, UUID, TIMESTAMPTZ, TIMESTAMP, DATE }

    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final long EPOCH_2000_SECONDS = 946_684_800L;
    private static final long EPOCH_2000_DAYS = 10_957L;
    private static final byte JSONB_VERSION = 1;

    private CopyBinary() {
    }

    /**
     * The binary form for a property stored in a column of this type (its {@code pg_type} oid), or
     * {@code null} when there is none this class writes for it, and the load must use text.
     *
     * @param isEnum whether the column's type is a PostgreSQL enum (which reads its label's text)
     */
    static @Nullable Field field(PropertyMetadata property, int typeOid, boolean isEnum) {
        return switch (property.kind()) {
            case STRING -> typeOid == 25 || typeOid == 1043 || typeOid == 1042 ? Field.TEXT : null;
            case ENUM -> typeOid == 25 || typeOid == 1043 || isEnum ? Field.TEXT : null;
            case SHORT -> typeOid == 21 ? Field.INT2 : null;
            case INT -> typeOid == 23 ? Field.INT4 : null;
            case LONG -> typeOid == 20 ? Field.INT8 : null;
            case FLOAT -> typeOid == 700 ? Field.FLOAT4 : null;
            case DOUBLE -> typeOid == 701 ? Field.FLOAT8 : null;
            case BOOLEAN -> typeOid == 16 ? Field.BOOL : null;
            case UUID -> typeOid == 2950 ? Field.UUID : null;
            case INSTANT, OFFSET_DATE_TIME -> typeOid == 1184 ? Field.TIMESTAMPTZ : null;
            case LOCAL_DATE_TIME -> typeOid == 1114 ? Field.TIMESTAMP : null;
            case LOCAL_DATE -> typeOid == 1082 ? Field.DATE : null;
            case BYTES -> typeOid == 17 ? Field.BYTEA : null;
            case JSON -> typeOid == 3802 ? Field.JSONB : typeOid == 114 ? Field.JSON : null;
            case DECIMAL, ARRAY -> null;
        };
    }

    /** The header: signature, flags, no extension. */
    static void header(ByteBuf out) {
        out.writeBytes(SIGNATURE).writeInt(0).writeInt(0);
    }

    /** The trailer that ends the data. */
    static void trailer(ByteBuf out) {
        out.writeShort(-1);
    }

    /** Appends one row (model values in {@code columns} order), each value in its column's {@code fields} form. */
    static void row(ByteBuf out, List<PropertyMetadata> columns, Field[] fields, Object[] values) {
        out.writeShort(values.length);
        for (int i = 0; i < values.length; i++) {
            Object value = Values.toDriver(columns.get(i), values[i]);
            if (value instanceof NullValue) {
                out.writeInt(-1);
            } else {
                value(out, fields[i], value, columns.get(i));
            }
        }
    }

    private static void value(ByteBuf out, Field field, Object value, PropertyMetadata column) {
        switch (field) {
            case TEXT -> {
                int at = out.writerIndex();
                out.writeInt(0);
                out.setInt(at, ByteBufUtil.writeUtf8(out, (String) value));
            }
            case JSON, JSONB -> {
                byte[] json = ((Json) value).asArray();
                boolean b = field == Field.JSONB;
                out.writeInt(json.length + (b ? 1 : 0));
                if (b) {
                    out.writeByte(JSONB_VERSION);
                }
                out.writeBytes(json);
            }
            case BYTEA -> {
                byte[] bytes = (byte[]) value;
                out.writeInt(bytes.length).writeBytes(bytes);
            }
            case INT2 -> out.writeInt(2).writeShort((Short) value);
            case INT4 -> out.writeInt(4).writeInt((Integer) value);
            case INT8 -> out.writeInt(8).writeLong((Long) value);
            case FLOAT4 -> out.writeInt(4).writeInt(Float.floatToIntBits((Float) value));
            case FLOAT8 -> out.writeInt(8).writeLong(Double.doubleToLongBits((Double) value));
            case BOOL -> out.writeInt(1).writeByte((Boolean) value ? 1 : 0);
            case UUID -> {
                UUID uuid = (UUID) value;
                out.writeInt(16).writeLong(uuid.getMostSignificantBits()).writeLong(uuid.getLeastSignificantBits());
            }
            case TIMESTAMPTZ -> {
                Instant instant = value instanceof OffsetDateTime time ? time.toInstant() : (Instant) value;
                out.writeInt(8).writeLong(micros(instant.getEpochSecond(), instant.getNano(), column));
            }
            case TIMESTAMP -> {
                LocalDateTime time = (LocalDateTime) value;
                out.writeInt(8).writeLong(micros(time.toEpochSecond(ZoneOffset.UTC), time.getNano(), column));
            }
            case DATE -> {
                long days = ((LocalDate) value).toEpochDay() - EPOCH_2000_DAYS;
                if (days != (int) days) {
                    throw outOfRange(column, value);
                }
                out.writeInt(4).writeInt((int) days);
            }
        }
    }

    /** Microseconds since 2000-01-01 of an epoch second and its nanoseconds, rounded half up. */
    static long micros(long epochSecond, int nanos, PropertyMetadata column) {
        long fraction = (nanos + 500) / 1000;
        try {
            return Math.addExact(Math.multiplyExact(epochSecond - EPOCH_2000_SECONDS, 1_000_000L), fraction);
        } catch (ArithmeticException e) {
            throw outOfRange(column, epochSecond + "s");
        }
    }

    private static IllegalArgumentException outOfRange(PropertyMetadata column, Object value) {
        return new IllegalArgumentException("Column " + column.column() + ": " + value
                + " is outside the range PostgreSQL can store");
    }
}
