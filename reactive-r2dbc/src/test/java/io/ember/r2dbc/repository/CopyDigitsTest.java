package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** COPY text of integers and date-times is exactly what toString and the ISO formatters print. */
class CopyDigitsTest {

    private static final long SEED = Long.getLong("ember.copyDigits.seed", System.nanoTime());
    private static final int CASES = 100_000;

    @Test
    void integersAsToStringPrintsThem() {
        Random random = new Random(SEED);
        long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE, Short.MIN_VALUE, 1_000_000_000_000L};
        for (long value : edges) {
            assertThat(text(value, CopyDigits::integer)).isEqualTo(Long.toString(value));
        }
        for (int i = 0; i < CASES; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            assertThat(text(value, CopyDigits::integer)).as("seed %d", SEED).isEqualTo(Long.toString(value));
        }
    }

    @Test
    void instantsAsIsoInstantPrintsThem() {
        Random random = new Random(SEED);
        long min = Instant.parse("-2000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < CASES; i++) {
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)), nano(random));
            assertThat(text(instant, CopyDigits::instant)).as("seed %d", SEED)
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        for (Instant edge : new Instant[] {Instant.EPOCH, Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.ofEpochSecond(-1, 1)}) {
            assertThat(text(edge, CopyDigits::instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(edge));
        }
    }

    @Test
    void localAndOffsetDateTimesAsTheIsoFormattersPrintThem() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            LocalDateTime time = LocalDateTime.ofEpochSecond(
                    (long) ((random.nextDouble() - 0.3) * 400_000_000_000L), nano(random), ZoneOffset.UTC);
            ZoneOffset offset = random.nextInt(4) == 0 ? ZoneOffset.UTC
                    : ZoneOffset.ofTotalSeconds((random.nextInt(36 * 60) - 18 * 60) * (random.nextBoolean() ? 60 : 1));
            assertSame(time, CopyDigits::localDateTime, DateTimeFormatter.ISO_LOCAL_DATE_TIME::format);
            assertSame(time.toLocalDate(), CopyDigits::localDate, DateTimeFormatter.ISO_LOCAL_DATE::format);
            assertSame(OffsetDateTime.of(time, offset), CopyDigits::offsetDateTime,
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME::format);
        }
        assertSame(LocalDate.of(1, 1, 1), CopyDigits::localDate, DateTimeFormatter.ISO_LOCAL_DATE::format);
        assertSame(LocalDateTime.of(2026, 12, 1, 0, 0), CopyDigits::localDateTime,
                DateTimeFormatter.ISO_LOCAL_DATE_TIME::format);
    }

    /** Zero, whole milliseconds, whole microseconds or any nanoseconds, each equally likely. */
    private static int nano(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
    }

    private static <V> void assertSame(V value, BiConsumer<ByteBuf, V> writer, Function<V, String> formatter) {
        assertThat(text(value, writer)).as("seed %d: %s", SEED, value).isEqualTo(formatter.apply(value));
    }

    private static <V> String text(V value, BiConsumer<ByteBuf, V> writer) {
        ByteBuf out = Unpooled.buffer(8);   // small, so growth is exercised too
        try {
            writer.accept(out, value);
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }
}
