package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.ember.core.error.ConnectionFailedException;
import io.ember.core.error.DataSourceClosedException;
import io.ember.core.error.PoolExhaustedException;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What a caller sees when no connection can be had: the acquire timeout as configured, typed
 * exceptions for a refused connection and a closed datasource, and a {@code close()} that never throws.
 */
@ExtendWith(EmberDatabaseExtension.class)
class PoolFailuresIT {

    /**
     * The acquire timeout is not doubled by a retry: 200, 500 and 1,000 ms fail within 1.2 times
     * that. A loaded machine runs timers late; the lateness of a plain {@code Mono.delay} of the same
     * length, run at the same time, is measured and allowed on top, so the bound is about Ember only.
     * One acquire times out first, unmeasured, so that loading the classes of that path is not timed.
     */
    @Test
    void acquireFailsWithinItsTimeoutNotTwiceIt(EmberDatabase db) {
        PostgresDataSource warmUp = db.newDataSource(b -> b.name("warm-up").maxSize(1)
                .acquireTimeout(Duration.ofMillis(50)));
        // Opening the first connection may itself outlast 50 ms on a loaded machine: a timed-out acquire
        // hands the connection back to the pool when it arrives, so a retry finds it there.
        Connection first = Mono.defer(warmUp::acquire).retry(50).block(Duration.ofSeconds(10));
        StepVerifier.create(warmUp.acquire()).expectError(PoolExhaustedException.class).verify(Duration.ofSeconds(10));
        warmUp.release(first, null).block(Duration.ofSeconds(10));
        for (long millis : new long[] {200, 500, 1_000}) {
            PostgresDataSource ds = db.newDataSource(b -> b.name("timed-" + millis).maxSize(1)
                    .acquireTimeout(Duration.ofMillis(millis)));
            Connection held = ds.acquire().block(Duration.ofSeconds(10));
            try {
                Mono<Long> timer = timed(Mono.delay(Duration.ofMillis(millis)));
                AtomicReference<Throwable> error = new AtomicReference<>();
                Mono<Long> acquire = timed(ds.acquire().then(Mono.<Long>empty()).onErrorResume(e -> {
                    error.set(e);
                    return Mono.empty();
                }));
                var both = Mono.zip(timer, acquire).block(Duration.ofSeconds(10));
                assertThat(error.get()).isInstanceOf(PoolExhaustedException.class)
                        .hasMessageContaining("timed-" + millis).hasMessageContaining(millis + " ms");
                long lateness = Math.max(0, both.getT1() - millis);
                long acquired = both.getT2();
                System.out.printf("acquireTimeout %d ms: failed after %d ms (%.2fx); a %d ms timer fired %d ms late%n",
                        millis, acquired, acquired / (double) millis, millis, lateness);
                assertThat(acquired).as("failed after (ms), timeout " + millis + " ms, timers " + lateness + " ms late")
                        .isBetween(millis, millis * 12 / 10 + lateness);
            } finally {
                ds.release(held, null).block(Duration.ofSeconds(10));
            }
        }
    }

    /** Emits how many milliseconds the publisher took from subscription to its signal. */
    private static Mono<Long> timed(Mono<?> mono) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return mono.then(Mono.fromCallable(() -> (System.nanoTime() - start) / 1_000_000));
        });
    }

    @Test
    void aRefusedConnectionIsARetryableConnectionFailedException() {
        try (PostgresDataSource ds = PostgresDataSource.builder().name("nowhere").port(1)
                .connectTimeout(Duration.ofSeconds(2)).acquireTimeout(Duration.ofSeconds(3)).build()) {
            StepVerifier.create(ds.withConnection(c -> Mono.just(1)))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(ConnectionFailedException.class).hasMessageContaining("nowhere");
                        assertThat(((ConnectionFailedException) e).isRetryable()).isTrue();
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aClosedDataSourceRefusesAcquiresWithDataSourceClosedException(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.name("closing").maxSize(1));
        StepVerifier.create(ds.withConnection(c -> Mono.just(1))).expectNext(1).verifyComplete();
        ds.close();
        assertThat(ds.isClosed()).isTrue();
        StepVerifier.create(ds.withConnection(c -> Mono.just(1)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DataSourceClosedException.class)
                        .hasMessageContaining("closing"))
                .verify(Duration.ofSeconds(10));
        assertThatCode(ds::close).as("a second close").doesNotThrowAnyException();
    }

    @Test
    void closeNeverThrowsRightAfterItsBackendsWereKilled(EmberDatabase db) {
        for (int trial = 0; trial < 20; trial++) {
            PostgresDataSource ds = db.newDataSource(b -> b.name("killed").maxSize(4).initialSize(4));
            List<Integer> pids = Flux.range(0, 4)
                    .flatMap(i -> ds.withConnection(c -> Flux.from(c.createStatement(
                                    "SELECT pg_backend_pid() FROM pg_sleep(0.05)").execute())
                            .concatMap(r -> r.map((row, m) -> row.get(0, Integer.class)))))
                    .collectList().block(Duration.ofSeconds(30));
            for (Integer pid : pids) {
                db.queryLong("SELECT count(*) FROM (SELECT pg_terminate_backend(" + pid + ")) t");
            }
            assertThatCode(ds::close).as("close() in trial " + trial).doesNotThrowAnyException();
            assertThat(ds.isClosed()).isTrue();
        }
    }

    @Test
    void closeGracefullyWaitsForConnectionsInUseAndRefusesNewOnes(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.name("graceful").maxSize(2));
        Connection held = ds.acquire().block(Duration.ofSeconds(10));
        AtomicLong closedAt = new AtomicLong();
        long start = System.nanoTime();
        Mono<Void> closing = ds.closeGracefully(Duration.ofSeconds(10)).doOnSuccess(v -> closedAt.set(System.nanoTime()))
                .cache();
        closing.subscribe();
        StepVerifier.create(ds.acquire()).expectError(DataSourceClosedException.class).verify(Duration.ofSeconds(10));
        Mono.delay(Duration.ofMillis(300)).then(ds.release(held, null)).block(Duration.ofSeconds(10));
        closing.block(Duration.ofSeconds(10));
        assertThat((closedAt.get() - start) / 1_000_000).as("closed after the connection came back (ms)")
                .isGreaterThanOrEqualTo(300);
        assertThat(ds.isClosed()).isTrue();
    }
}
