package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A caller that goes away while its statement runs stops the statement on the server (PostgreSQL's
 * cancel request), and the connection serves the next caller as soon as it is idle again: on a
 * pool of one, the next call does not wait behind the cancelled statement. Issue 8, must-show 3.
 */
@ExtendWith(EmberDatabaseExtension.class)
class CancelReachesServerIT {

    private static final Duration CANCEL_AFTER = Duration.ofMillis(100);
    private static final long WITHIN_MS = 1_000;

    private static PostgresDataSource one;
    private static PostgresDataSource observer;

    @BeforeAll
    static void pools(EmberDatabase db) {
        one = db.newDataSource(b -> b.maxSize(1).initialSize(1));
        observer = db.dataSource();
    }

    @Test
    void aCancelledAutocommitStatementStopsOnTheServerAndTheNextCallDoesNotWait() {
        String marker = marker();
        assertCancelReachesServer(marker, sleep(marker));
    }

    @Test
    void aCancelledTransactionStopsItsStatementOnTheServerAndTheNextCallDoesNotWait() {
        String marker = marker();
        assertCancelReachesServer(marker, one.transactions().transactional(sleep(marker)));
    }

    @Test
    void aStatementCancelledInAnExplicitTransactionStopsOnTheServerWhenTheTransactionRollsBack() {
        String marker = marker();
        io.ember.core.transaction.Transaction t = one.beginTransaction().block(Duration.ofSeconds(10));
        assertThat(t).isNotNull();
        long[] cancelledAt = new long[1];
        StepVerifier.create(Sql.query(one, t, sleepSql(marker)))
                .expectSubscription()
                .then(() -> awaitRunning(marker))
                .thenAwait(CANCEL_AFTER)
                .then(() -> cancelledAt[0] = System.nanoTime())
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(t.rollback()).expectComplete().verify(Duration.ofSeconds(10));
        long gone = awaitGone(marker, cancelledAt[0]);
        System.out.printf("CancelReachesServerIT: statement gone %d ms after the cancel%n", gone);
        assertThat(gone).as("ms from cancel until the statement left pg_stat_activity").isLessThan(WITHIN_MS);
        assertNextCallIsQuick();
    }

    @Test
    void aTimeoutOnTheCallStopsTheStatementOnTheServer() {
        String marker = marker();
        long start = System.nanoTime();
        StepVerifier.create(sleep(marker).timeout(CANCEL_AFTER))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(10));
        long gone = awaitGone(marker, start);
        System.out.printf("CancelReachesServerIT: statement gone %d ms after the cancel%n", gone);
        assertThat(gone).as("ms until the statement left pg_stat_activity").isLessThan(WITHIN_MS);
        assertNextCallIsQuick();
    }

    @Test
    void aTransactionTimeoutStopsItsStatementOnTheServer() {
        String marker = marker();
        long start = System.nanoTime();
        StepVerifier.create(one.transactions().transactional(sleep(marker),
                        io.ember.core.transaction.TransactionOptions.defaults().timeout(CANCEL_AFTER)))
                .expectError(io.ember.core.error.QueryTimeoutException.class)
                .verify(Duration.ofSeconds(10));
        long gone = awaitGone(marker, start);
        System.out.printf("CancelReachesServerIT: statement gone %d ms after the unit started (timeout 100 ms)%n", gone);
        assertThat(gone).as("ms until the statement left pg_stat_activity").isLessThan(WITHIN_MS);
        assertNextCallIsQuick();
    }

    @Test
    void aTransactionContinuesAfterOneOfItsReadsWasCutShort() {
        Mono<Long> unit = one.transactions().transactional(
                Sql.query(one, "SELECT g FROM generate_series(1, 100000) g").take(3).then(Sql.number(one, "SELECT 7")));
        StepVerifier.create(unit).expectNext(7L).expectComplete().verify(Duration.ofSeconds(30));
    }

    private static void assertCancelReachesServer(String marker, Flux<?> call) {
        long[] cancelledAt = new long[1];
        StepVerifier.create(call)
                .expectSubscription()
                .then(() -> awaitRunning(marker))
                .thenAwait(CANCEL_AFTER)
                .then(() -> cancelledAt[0] = System.nanoTime())
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        long gone = awaitGone(marker, cancelledAt[0]);
        System.out.printf("CancelReachesServerIT: statement gone %d ms after the cancel%n", gone);
        assertThat(gone).as("ms from cancel until the statement left pg_stat_activity").isLessThan(WITHIN_MS);
        assertNextCallIsQuick();
    }

    private static void assertNextCallIsQuick() {
        long start = System.nanoTime();
        StepVerifier.create(Sql.number(one, "SELECT 1")).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("CancelReachesServerIT: next call on the pool of one took %d ms%n", took);
        assertThat(took).as("ms the next call on the pool of one took").isLessThan(WITHIN_MS);
    }

    private static String marker() {
        return "cancel_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String sleepSql(String marker) {
        return "SELECT pg_sleep(5) /* " + marker + " */";
    }

    private static Flux<Object> sleep(String marker) {
        return Sql.query(one, sleepSql(marker));
    }

    private static long activeCount(String marker) {
        Long n = Sql.number(observer, "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                + " AND state = 'active' AND position($1 in query) > 0", marker).block(Duration.ofSeconds(10));
        return n == null ? 0 : n;
    }

    private static void awaitRunning(String marker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (activeCount(marker) == 0) {
            assertThat(System.nanoTime()).as("the statement never showed up as running").isLessThan(deadline);
        }
    }

    /** Milliseconds from {@code since} until no backend runs the statement any more (at most 10 s). */
    private static long awaitGone(String marker, long since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (activeCount(marker) > 0 && System.nanoTime() < deadline) {
            Mono.delay(Duration.ofMillis(5)).block();
        }
        return (System.nanoTime() - since) / 1_000_000;
    }
}
