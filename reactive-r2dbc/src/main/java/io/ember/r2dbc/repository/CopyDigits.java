package io.ember.r2dbc.repository;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Integers and date-times written as COPY text straight into the buffer, digit by digit, with no
 * intermediate {@code String}: the text is exactly what {@code toString()} and
 * {@link DateTimeFormatter}'s ISO formatters print (a unit test compares them), which is what a COPY
 * of these types spent most of its client CPU on. Years outside 1-9999 take the formatter.
 */
final class CopyDigits {

    private static final int SECONDS_PER_DAY = 86_400;

    private CopyDigits() {
    }

    /** The decimal text of {@code value}, as {@link Long#toString(long)} prints it. */
    static void integer(ByteBuf out, long value) {
        if (value == Long.MIN_VALUE) {
            ByteBufUtil.writeAscii(out, Long.toString(value));
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        int length = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            length++;
        }
        out.ensureWritable(length);
        int end = out.writerIndex() + length;
        for (int at = end - 1; at >= out.writerIndex(); at--) {
            out.setByte(at, (int) ('0' + value % 10));
            value /= 10;
        }
        out.writerIndex(end);
    }

    /** {@code 2026-12-01T07:10:00.123Z}, as {@link DateTimeFormatter#ISO_INSTANT} prints it. */
    static void instant(ByteBuf out, Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        if (!fourDigitYear(date)) {
            ByteBufUtil.writeAscii(out, DateTimeFormatter.ISO_INSTANT.format(instant));
            return;
        }
        date(out, date);
        out.writeByte('T');
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        twoDigits(out, secondOfDay / 3600);
        out.writeByte(':');
        twoDigits(out, secondOfDay / 60 % 60);
        out.writeByte(':');
        twoDigits(out, secondOfDay % 60);
        fraction(out, instant.getNano(), false);
        out.writeByte('Z');
    }

    /** As {@link DateTimeFormatter#ISO_LOCAL_DATE} prints it. */
    static void localDate(ByteBuf out, LocalDate date) {
        if (!fourDigitYear(date)) {
            ByteBufUtil.writeAscii(out, DateTimeFormatter.ISO_LOCAL_DATE.format(date));
            return;
        }
        date(out, date);
    }

    /** As {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} prints it. */
    static void localDateTime(ByteBuf out, LocalDateTime time) {
        if (!fourDigitYear(time.toLocalDate())) {
            ByteBufUtil.writeAscii(out, DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time));
            return;
        }
        date(out, time.toLocalDate());
        out.writeByte('T');
        time(out, time.toLocalTime());
    }

    /** As {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} prints it. */
    static void offsetDateTime(ByteBuf out, OffsetDateTime time) {
        if (!fourDigitYear(time.toLocalDate())) {
            ByteBufUtil.writeAscii(out, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
            return;
        }
        localDateTime(out, time.toLocalDateTime());
        ByteBufUtil.writeAscii(out, time.getOffset().getId());   // Z, +05:30, -08:00:15: the formatter's text
    }

    private static boolean fourDigitYear(LocalDate date) {
        return date.getYear() >= 1 && date.getYear() <= 9999;
    }

    private static void date(ByteBuf out, LocalDate date) {
        int year = date.getYear();
        twoDigits(out, year / 100);
        twoDigits(out, year % 100);
        out.writeByte('-');
        twoDigits(out, date.getMonthValue());
        out.writeByte('-');
        twoDigits(out, date.getDayOfMonth());
    }

    /** {@code HH:mm:ss}, then the fraction when not zero, as ISO_LOCAL_TIME prints them. */
    private static void time(ByteBuf out, LocalTime time) {
        twoDigits(out, time.getHour());
        out.writeByte(':');
        twoDigits(out, time.getMinute());
        out.writeByte(':');
        twoDigits(out, time.getSecond());
        fraction(out, time.getNano(), true);
    }

    /**
     * The nanoseconds after a dot: none when zero; else 3, 6 or 9 digits (ISO_INSTANT), or as
     * few digits as keep the value (ISO_LOCAL_TIME, {@code trimmed}).
     */
    private static void fraction(ByteBuf out, int nano, boolean trimmed) {
        if (nano == 0) {
            return;
        }
        out.writeByte('.');
        int digits = 9;
        int value = nano;
        if (trimmed) {
            while (value % 10 == 0) {
                value /= 10;
                digits--;
            }
        } else {
            while (digits > 3 && value % 1000 == 0) {
                value /= 1000;
                digits -= 3;
            }
        }
        out.ensureWritable(digits);
        int end = out.writerIndex() + digits;
        for (int at = end - 1; at >= out.writerIndex(); at--) {
            out.setByte(at, '0' + value % 10);
            value /= 10;
        }
        out.writerIndex(end);
    }

    private static void twoDigits(ByteBuf out, int value) {
        out.writeByte('0' + value / 10).writeByte('0' + value % 10);
    }
}
