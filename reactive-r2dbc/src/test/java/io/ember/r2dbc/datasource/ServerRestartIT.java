package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.PersistenceException;
import io.ember.r2dbc.sql.SqlStatement;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A PostgreSQL restart under 20 concurrent readers, on an embedded server of its own (so the shared
 * one is not disturbed): every failure a reader sees is a {@link PersistenceException}, and
 * afterwards the same datasource serves again without being rebuilt.
 */
class ServerRestartIT {

    private static final int READERS = 20;

    @Test
    void everyFailureDuringARestartIsTypedAndTheSameDataSourceServesAfterwards() throws Exception {
        Path dir = Files.createTempDirectory("ember-restart");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = start(dir, port);
        PostgresDataSource ds = PostgresDataSource.builder().name("restarting").port(port).user("postgres")
                .database("postgres").maxSize(10).acquireTimeout(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(2)).build();
        try {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            List<Throwable> untyped = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> readers = Flux.range(0, READERS)
                    .flatMap(r -> Mono.defer(() -> read(ds))
                            .doOnNext(v -> reads.incrementAndGet())
                            .then()
                            .onErrorResume(e -> {
                                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                                if (!(e instanceof PersistenceException)) {
                                    untyped.add(e);
                                }
                                return Mono.delay(Duration.ofMillis(5)).then();
                            })
                            .repeat(() -> !stop.get()), READERS)
                    .then()
                    .toFuture();
            awaitReads(reads, 200, Duration.ofSeconds(30));
            long beforeRestart = reads.get();

            pg.close();
            Thread.sleep(300);
            pg = start(dir, port);
            long restarted = reads.get();
            awaitReads(reads, restarted + 200, Duration.ofSeconds(60));
            stop.set(true);
            readers.get(60, TimeUnit.SECONDS);

            System.out.printf("restart under %d readers: %d reads before, %d in all; failures by type %s%n",
                    READERS, beforeRestart, reads.get(), failures);
            assertThat(untyped).as("failures that are not a PersistenceException").isEmpty();
            List<Integer> after = Flux.range(0, READERS).flatMap(i -> read(ds)).collectList()
                    .block(Duration.ofSeconds(30));
            assertThat(after).as("reads on the same datasource after the restart").hasSize(READERS).containsOnly(1);
            awaitNoAcquired(ds);
        } finally {
            ds.close();
            pg.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Mono<Integer> read(PostgresDataSource ds) {
        SqlStatement statement = SqlStatement.of("SELECT 1");
        return ds.withConnection(c -> ds.runner().query(c, statement, 0, (row, m) -> row.get(0, Integer.class)))
                .next();
    }

    private static EmbeddedPostgres start(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    private static void awaitReads(AtomicLong reads, long atLeast, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (reads.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(reads.get()).as("reads done").isGreaterThanOrEqualTo(atLeast);
    }

    private static void awaitNoAcquired(PostgresDataSource ds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ds.stats().acquired()).as("connections acquired at the end").isZero();
    }
}
