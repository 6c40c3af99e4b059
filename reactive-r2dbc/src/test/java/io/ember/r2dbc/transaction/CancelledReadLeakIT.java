package io.ember.r2dbc.transaction;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads cancelled at every stage (waiting for a connection, encoding, queued in the driver, sent,
 * streaming) leave no Netty buffer behind: with the leak detector at PARANOID, every buffer is
 * tracked and a buffer collected unreleased is reported. Issue 8, must-show 6. The number of reads
 * is {@code -Dember.leak.reads} (3,000 by default).
 */
@ExtendWith(EmberDatabaseExtension.class)
class CancelledReadLeakIT {

    private static final int READS = Integer.getInteger("ember.leak.reads", 3_000);
    private static final int BATCH = 250;
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    private static ResourceLeakDetector.Level previousLevel;
    private static ResourceLeakDetector<?> detector;
    private static PostgresDataSource ds;
    private static DefaultCrudRepository<Account, Long> accounts;

    @BeforeAll
    static void paranoid(EmberDatabase db) throws ReflectiveOperationException {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
        field.setAccessible(true);
        detector = (ResourceLeakDetector<?>) field.get(null);
        // leaks of earlier test classes in this JVM, collected now, are reported before the listener counts
        collectAndTriggerReports();
        detector.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
        ds = db.newDataSource(b -> b.maxSize(4).initialSize(4));
        accounts = new DefaultCrudRepository<>(Account.class, ds);
        db.execute(Account.DDL, "INSERT INTO accounts (owner, balance) SELECT 'owner-' || g, g FROM generate_series(1, 2000) g");
    }

    @AfterAll
    static void restore() {
        detector.setLeakListener(null);
        ResourceLeakDetector.setLevel(previousLevel);
    }

    @Test
    void cancelledReadsLeaveNoBufferBehind() {
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        for (int done = 0; done < READS; done += BATCH) {
            Flux.range(done, Math.min(BATCH, READS - done))
                    .flatMap(i -> cutShort(read(i), cancelled, completed), 32)
                    .then()
                    .block(Duration.ofSeconds(120));
            Sql.awaitIdle(ds);
            collectAndTriggerReports();
        }
        Sql.awaitIdle(ds);
        collectAndTriggerReports();
        System.out.printf("CancelledReadLeakIT: %,d reads, %,d cut short, %,d completed, %d leak reports%n",
                READS, cancelled.get(), completed.get(), LEAKS.size());
        assertThat(cancelled.get()).as("reads cut short").isGreaterThan(READS / 3);
        assertThat(LEAKS).as("Netty leak reports").isEmpty();
    }

    /** A read with bind parameters, of one of the shapes a caller cancels: a lookup, a filtered stream, a read in a transaction. */
    private static Flux<?> read(int i) {
        String owner = "owner-" + (i % 2000 + 1);
        String padding = "x".repeat(512 + i % 1024);
        return switch (i % 3) {
            case 0 -> accounts.find(Filter.of(where("owner").eq(owner)));
            case 1 -> Sql.query(ds, "SELECT id, $1::text FROM accounts WHERE owner <> $2", padding, owner);
            default -> ds.transactions().transactional(accounts.find(Filter.of(where("owner").neq(owner))).<Object>map(a -> a)
                    .concatWith(Sql.query(ds, "SELECT length($1::text)", padding)));
        };
    }

    private static Mono<Void> cutShort(Flux<?> read, AtomicInteger cancelled, AtomicInteger completed) {
        long micros = ThreadLocalRandom.current().nextLong(0, 3_000);
        return Mono.defer(() -> {
            boolean[] cut = new boolean[1];
            return read.takeUntilOther(Mono.delay(Duration.ofNanos(micros * 1_000)).doOnNext(t -> cut[0] = true))
                    .then()
                    .doOnSuccess(v -> (cut[0] ? cancelled : completed).incrementAndGet())
                    .onErrorResume(e -> Mono.empty());
        });
    }

    private static void collectAndTriggerReports() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Mono.delay(Duration.ofMillis(50)).block();
            for (ByteBufAllocator alloc : List.of(PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT,
                    ByteBufAllocator.DEFAULT)) {
                for (int k = 0; k < 200; k++) {
                    alloc.buffer(8).release();
                }
            }
        }
    }
}
