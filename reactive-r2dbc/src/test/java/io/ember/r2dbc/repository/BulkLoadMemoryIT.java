package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.repository.BulkLoad.BulkRow;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code load}, {@code createAllCount} and {@code createAll(Publisher)} of generated rows in a JVM
 * limited to {@code -Xmx128m}: every row is stored, and what each phase keeps alive (the most heap
 * in use right after a full collection, sampled every 500 ms) stays under 48 MB, whatever the number of rows; the peak heap in
 * use (garbage included, which the collector lets grow towards the limit) is reported.
 * 200,000 rows per phase in CI; the 1,000,000 by hand with {@code -Dember.bulk.rows=1000000}.
 */
@ExtendWith(EmberDatabaseExtension.class)
class BulkLoadMemoryIT {

    private static final Logger LOG = LoggerFactory.getLogger(BulkLoadMemoryIT.class);
    private static final int ROWS = Integer.getInteger("ember.bulk.rows", 200_000);
    /** What a phase may keep alive: the datasource, two chunks of 10,000 rows, the driver's buffers. */
    private static final long LIVE_BOUND = 48L * 1024 * 1024;

    @Test
    void bulkWritesOfManyRowsRunIn128MegabytesAndStoreEveryRow(EmberDatabase db)
            throws IOException, InterruptedException {
        SchemaGenerator.createTables(db.dataSource(), BulkRow.class).block(Duration.ofSeconds(30));
        var server = db.server();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), BulkLoad.class.getName(), server.host(),
                String.valueOf(server.port()), server.database(), server.user(), server.password(), db.schema(),
                String.valueOf(ROWS)))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        LOG.info("Bulk writes of {} rows with -Xmx128m:\n{}", ROWS, output);
        for (String phase : List.of("copied", "counted", "created")) {
            Matcher m = Pattern.compile(phase + "=(\\d+) millis=(\\d+) peakHeapBytes=(\\d+) peakLiveBytes=(\\d+)")
                    .matcher(output);
            assertThat(m.find()).as(output).isTrue();
            assertThat(Long.parseLong(m.group(1))).as(phase).isEqualTo(ROWS);
            assertThat(Long.parseLong(m.group(4))).as(phase + ": most heap live (after a full collection, sampled every 500 ms)").isLessThan(LIVE_BOUND);
        }
        assertThat(db.queryLong("SELECT count(*) FROM bulk_rows")).isEqualTo(3L * ROWS);
        assertThat(db.queryLong("SELECT count(DISTINCT n) FROM bulk_rows")).isEqualTo(ROWS);
        assertThat(db.queryLong("SELECT count(*) FROM bulk_rows WHERE created_at IS NULL")).isZero();
    }
}
