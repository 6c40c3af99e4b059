package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.StatementRunner;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A read inside a transaction streams at the pace of its subscriber: rows the subscriber has not
 * asked for stay on the server (a portal read a fetch size at a time), so a slow subscriber keeps
 * the heap bounded and {@code take(10)} stops the server after a fetch or two. Issue 9, must-show 2.
 * The server counts the rows it produced: the view bumps a sequence for every row it returns.
 */
@ExtendWith(EmberDatabaseExtension.class)
class TransactionStreamingIT {

    private static final int ROWS = 20_000;
    private static final int ROW_BYTES = 10 * 1024;
    private static final long HEAP_BOUND = 32L * 1024 * 1024;

    private static PostgresDataSource ds;
    private static ReactiveTransactions tx;

    @BeforeAll
    static void schema(EmberDatabase db) {
        ds = db.dataSource();
        tx = ds.transactions();
        db.execute("CREATE TABLE wide (id bigint PRIMARY KEY, payload text NOT NULL)",
                "INSERT INTO wide SELECT g, repeat(chr(65 + g % 26), " + ROW_BYTES + ") FROM generate_series(1, " + ROWS + ") g",
                "CREATE SEQUENCE produced",
                "CREATE VIEW counted_wide AS SELECT id, payload, nextval('produced') AS n FROM wide");
    }

    @BeforeEach
    void resetCount(EmberDatabase db) {
        db.execute("ALTER SEQUENCE produced RESTART WITH 1");
    }

    private static Flux<String> payloads(String sql, int fetchSize) {
        SqlStatement select = SqlStatement.of(sql);
        return ds.withConnection(c -> ds.runner().query(c, select, fetchSize, (row, meta) -> row.get("payload", String.class)));
    }

    private static long produced() {
        return Sql.number(ds, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM produced").block(Duration.ofSeconds(10));
    }

    @Test
    void aSlowSubscriberInATransactionKeepsTheHeapBounded() {
        long baseline = usedHeapAfterGc();
        AtomicLong peak = new AtomicLong();
        Runnable sample = () -> peak.accumulateAndGet(usedHeapAfterGc() - baseline, Math::max);
        int batch = 500;
        StepVerifier.Step<Integer> step = StepVerifier.create(tx.transactional(payloads("SELECT id, payload FROM wide", 0))
                        .map(String::length), 0)
                .expectSubscription()
                .thenRequest(batch)
                .expectNextCount(batch)
                .thenAwait(Duration.ofMillis(1500))   // long enough for a buffering reader to pull everything
                .then(sample);
        for (int read = batch; read < ROWS; read += batch) {
            step = step.thenRequest(batch).expectNextCount(batch).thenAwait(Duration.ofMillis(20));
            if (read % 4_000 == 0) {
                step = step.then(sample);
            }
        }
        // r2dbc-postgresql signals the end of a result only with demand outstanding, as in autocommit
        step.thenRequest(1).expectComplete().verify(Duration.ofSeconds(120));
        System.out.printf("TransactionStreamingIT: heap growth peak %,d bytes while streaming %,d rows of %,d bytes%n",
                peak.get(), ROWS, ROW_BYTES);
        assertThat(peak.get()).as("heap growth in bytes while a slow subscriber streams %,d rows of %,d bytes", ROWS, ROW_BYTES)
                .isLessThan(HEAP_BOUND);
    }

    @Test
    void takeTenInATransactionStopsTheServerAfterAFetch() {
        StepVerifier.create(tx.transactional(payloads("SELECT id, payload, n FROM counted_wide", 0).take(10)))
                .expectNextCount(10)
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        System.out.printf("TransactionStreamingIT: take(10) made the server produce %,d rows (default fetch size %d)%n",
                produced(), StatementRunner.TRANSACTION_FETCH_SIZE);
        assertThat(produced()).as("rows the server produced for take(10)")
                .isBetween(10L, 3L * StatementRunner.TRANSACTION_FETCH_SIZE);
    }

    @Test
    void takeTenWithAnExplicitFetchSizeStopsTheServerAfterAFewFetches() {
        StepVerifier.create(tx.transactional(payloads("SELECT id, payload, n FROM counted_wide", 100).take(10)))
                .expectNextCount(10)
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        System.out.printf("TransactionStreamingIT: take(10) at fetch size 100 made the server produce %,d rows%n", produced());
        assertThat(produced()).as("rows the server produced for take(10) at fetch size 100").isBetween(10L, 300L);
    }

    @Test
    void theTransactionGoesOnAfterAReadWasCutShort() {
        Mono<List<Long>> unit = tx.transactional(payloads("SELECT id, payload, n FROM counted_wide", 0).take(10).count()
                .flatMap(n -> Sql.update(ds, "UPDATE wide SET payload = 'z' WHERE id = 1").map(u -> List.of(n, u))));
        StepVerifier.create(unit).expectNext(List.of(10L, 1L)).expectComplete().verify(Duration.ofSeconds(30));
        StepVerifier.create(Sql.text(ds, "SELECT payload FROM wide WHERE id = 1")).expectNext("z").verifyComplete();
    }

    @Test
    void aStatementQueuedBehindASlowStreamStillRuns() {
        // the stream's subscriber waits for the second statement: the stream must be read on so that it can go
        Mono<Long> unit = tx.transactional(payloads("SELECT g::text AS payload FROM generate_series(1, 5000) g", 0)
                .concatMap(p -> Sql.number(ds, "SELECT 1"), 1)
                .take(50)
                .count());
        StepVerifier.create(unit).expectNext(50L).expectComplete().verify(Duration.ofSeconds(60));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
