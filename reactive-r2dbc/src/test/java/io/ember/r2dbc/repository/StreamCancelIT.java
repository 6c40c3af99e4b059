package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.StatementRunner;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

/**
 * Must-show 2 of issue 11: a {@code find} without a limit, outside a transaction, over 1,000,000 rows,
 * cancelled after 1,000: within one second the connection is back in the pool and the statement is no
 * longer active in {@code pg_stat_activity}, and the server stopped producing rows after a fetch or two
 * (the view counts the rows it produced through a sequence). Another size with
 * {@code -Dember.stream.cancelRows=...}.
 */
@ExtendWith(EmberDatabaseExtension.class)
class StreamCancelIT {

    @Model(table = "counted_stream")
    record Counted(@Id Long id, String payload, long n) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamCancelIT.class);
    private static final int ROWS = Integer.getInteger("ember.stream.cancelRows", 1_000_000);
    private static EmberDatabase db;
    private static PostgresDataSource ds;
    private static DefaultCrudRepository<Counted, Long> counted;

    @BeforeAll
    static void seed(EmberDatabase database) {
        db = database;
        db.execute("CREATE TABLE stream_rows (id bigint PRIMARY KEY, payload text NOT NULL)",
                "INSERT INTO stream_rows SELECT g, 'row ' || g FROM generate_series(1, " + ROWS + ") g",
                "CREATE SEQUENCE stream_produced",
                "CREATE VIEW counted_stream AS SELECT id, payload, nextval('stream_produced') AS n FROM stream_rows");
        ds = db.newDataSource(b -> b.maxSize(2).applicationName("stream-cancel-it"));
        counted = new DefaultCrudRepository<>(Counted.class, ds);
    }

    @BeforeEach
    void resetCount() {
        db.execute("ALTER SEQUENCE stream_produced RESTART WITH 1");
    }

    private static long produced() {
        return db.queryLong("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM stream_produced");
    }

    private static long activeReads() {
        return db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stream-cancel-it'"
                + " AND state = 'active' AND query LIKE 'SELECT%counted_stream%'");
    }

    /** Polls until the condition holds; returns the milliseconds it took, or -1 after the deadline. */
    private static long millisUntil(java.util.function.BooleanSupplier condition, Duration deadline) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > deadline.toNanos()) {
                return -1;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void cancelAfterAThousandOfAMillionRowsFreesTheConnectionAndStopsTheServerWithinASecond() {
        long[] cancelledAt = new long[1];
        StepVerifier.create(counted.find(Filter.empty()), 0)
                .thenRequest(100)
                .expectNextCount(100)
                .then(() -> assertThat(activeReads()).as("the read is active on the server before the cancel").isEqualTo(1))
                .thenRequest(900)
                .expectNextCount(900)
                .then(() -> cancelledAt[0] = System.nanoTime())
                .thenCancel()
                .verify(Duration.ofSeconds(60));
        long pool = millisUntil(() -> ds.stats().acquired() == 0, Duration.ofSeconds(5));
        long server = millisUntil(() -> activeReads() == 0, Duration.ofSeconds(5));
        long total = (System.nanoTime() - cancelledAt[0]) / 1_000_000;
        long producedRows = produced();
        LOG.info("Cancel after 1,000 of {} rows: pool idle after {} ms, statement gone from pg_stat_activity after {} ms"
                + " ({} ms in all); the server produced {} rows (default fetch size {})", ROWS, pool, server, total,
                producedRows, StatementRunner.DEFAULT_FETCH_SIZE);
        assertThat(pool).as("ms until the connection is back in the pool").isBetween(0L, 1000L);
        assertThat(server).as("ms until the statement is gone from pg_stat_activity").isBetween(0L, 1000L);
        // the driver asks for the next batch as soon as one ends, whatever the demand: what the server
        // produced ahead of the reader is bounded by the socket buffers, not by the fetch size alone
        // (a CI run saw 4,000); what matters is that it stopped, far from the end
        assertThat(producedRows).as("rows the server produced for 1,000 read").isBetween(1_000L, ROWS / 10L);
        assertThat(millisUntil(() -> produced() != producedRows, Duration.ofMillis(500)))
                .as("the server produced no more rows after the cancel").isEqualTo(-1L);
    }

    @Test
    void aStreamingFindWithoutALimitReadsEveryRowWithBoundedDemand() {
        StepVerifier.create(counted.find(Filter.empty()).map(Counted::id).limitRate(500).count())
                .expectNext((long) ROWS)
                .expectComplete()
                .verify(Duration.ofMinutes(5));
        assertThat(produced()).isEqualTo(ROWS);
    }
}
