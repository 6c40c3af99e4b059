package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Must-show 1 of issue 11: a {@code find} without a limit over many rows, in a JVM started with
 * {@code -Xmx128m}, with a slow subscriber (a pause every 10,000 rows), completes with every row and a
 * peak live heap under 64 MB. 200,000 rows in CI; the full 1,000,000 by hand with
 * {@code -Dember.stream.rows=1000000}.
 */
@ExtendWith(EmberDatabaseExtension.class)
class StreamingMemoryIT {

    @Model(table = "stream_rows")
    record StreamRow(@Id Long id, String name, UUID ref, Instant at, long amount) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamingMemoryIT.class);
    private static final int ROWS = Integer.getInteger("ember.stream.rows", 200_000);
    private static final long BOUND = 64L * 1024 * 1024;

    @Test
    void aSlowStreamOfManyRowsRunsIn128MegabytesWithAPeakLiveHeapUnder64(EmberDatabase db)
            throws IOException, InterruptedException {
        db.execute("CREATE TABLE stream_rows (id bigint PRIMARY KEY, name text NOT NULL, ref uuid NOT NULL,"
                        + " at timestamptz NOT NULL, amount bigint NOT NULL)",
                "INSERT INTO stream_rows SELECT g, 'name of row ' || g, md5(g::text)::uuid,"
                        + " now() - g * interval '1 second', g * 7 FROM generate_series(1, " + ROWS + ") g");
        var server = db.server();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), StreamingRead.class.getName(), server.host(),
                String.valueOf(server.port()), server.database(), server.user(), server.password(), db.schema()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(20, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        Matcher m = Pattern.compile("rows=(\\d+) millis=(\\d+) peakLiveHeapBytes=(\\d+) peakPoolBytes=(\\d+)"
                + " maxHeapBytes=(\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        long live = Long.parseLong(m.group(3));
        LOG.info("Streaming {} rows with -Xmx128m and a 50 ms pause every 10,000 rows: {} ms, peak live heap {} KB,"
                        + " peak of the heap pools (garbage included) {} KB, max heap {} MB", m.group(1), m.group(2),
                live / 1024, Long.parseLong(m.group(4)) / 1024, Long.parseLong(m.group(5)) / (1024 * 1024));
        assertThat(Long.parseLong(m.group(1))).isEqualTo(ROWS);
        assertThat(live).as("peak live heap in bytes (after GC)").isPositive().isLessThan(BOUND);
    }
}
