package io.ember.r2dbc.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.DeletedAt;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many concurrent lookups by id on a small pool, a tenth of them cancelled at a random moment,
 * while writers commit increments: every lookup that completes got its own row (or empty for a
 * missing or soft-deleted id), never older than the last increment committed before it was issued
 * nor newer than the database holds at the end; lookups were coalesced (fewer statements than
 * lookups); and the pool ends with nothing acquired or waiting.
 *
 * <p>Size: {@code -Dember.coalesce.storm.calls} lookups (default 20,000, a size for CI); e.g.
 * {@code -Dember.coalesce.storm.calls=500000} by hand.
 */
@ExtendWith(EmberDatabaseExtension.class)
class CoalesceStormIT {

    private static final int CALLS = Integer.getInteger("ember.coalesce.storm.calls", 20_000);
    private static final int ROWS = 2_000;
    private static final int IN_FLIGHT = 128;

    @Model(table = "coalesce_storm")
    record StormItem(@Id Long id, String name, int counter, @DeletedAt Instant deletedAt) {
    }

    private static EmberDatabase db;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        db.execute("CREATE TABLE coalesce_storm (id bigint PRIMARY KEY, name text NOT NULL, counter int NOT NULL,"
                        + " deleted_at timestamptz)",
                "INSERT INTO coalesce_storm SELECT g, 'item-' || g, 0, CASE WHEN g % 50 = 0 THEN now() END"
                        + " FROM generate_series(1, " + ROWS + ") g");
    }

    @Test
    void stormOfLookupsWithCancelsAndCommittedWritesMatchesTheDatabase() {
        Statements statements = new Statements();
        PostgresDataSource ds = db.newDataSource(b -> b.maxSize(4).coalescePointReads(true).queryListener(statements));
        PostgresDataSource writer = db.newDataSource(b -> b.maxSize(2));
        var items = new DefaultCrudRepository<>(StormItem.class, ds);
        AtomicIntegerArray committed = new AtomicIntegerArray(ROWS + 1);
        AtomicIntegerArray seen = new AtomicIntegerArray(ROWS + 1);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicInteger found = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        SplittableRandom seeds = new SplittableRandom(15);
        long[] plan = seeds.longs(CALLS).toArray();

        Mono<Void> writes = Flux.range(0, CALLS / 10)
                .flatMap(i -> {
                    long id = 1 + Math.floorMod(plan[i] >>> 7, ROWS);
                    return writer.withConnection(c -> Flux.from(c.createStatement(
                                    "UPDATE coalesce_storm SET counter = counter + 1 WHERE id = $1 RETURNING counter")
                                    .bind(0, id).execute()).concatMap(r -> r.map((row, meta) -> row.get(0, Integer.class))))
                            .doOnNext(value -> committed.accumulateAndGet((int) id, value, Math::max));
                }, 2)
                .then();
        long start = System.nanoTime();
        long[] readMillis = new long[1];
        Mono<Void> reads = Flux.range(0, CALLS)
                .flatMap(i -> {
                    SplittableRandom random = new SplittableRandom(plan[i]);
                    long id = 1 + random.nextInt(ROWS + ROWS / 10);   // a tenth of the ids do not exist
                    boolean cancel = random.nextInt(10) == 0;
                    long cancelNanos = random.nextLong(2_000_000);
                    return Mono.defer(() -> {
                        int floor = id <= ROWS ? committed.get((int) id) : 0;
                        Mono<StormItem> lookup = items.findById(id)
                                .doOnNext(item -> check(id, floor, item, wrong, seen, found))
                                .switchIfEmpty(Mono.fromRunnable(() -> {
                                    empty.incrementAndGet();
                                    if (id <= ROWS && id % 50 != 0) {
                                        wrong.add("id " + id + " exists, lookup was empty");
                                    }
                                }));
                        return cancel ? lookup.takeUntilOther(Mono.delay(Duration.ofNanos(cancelNanos))
                                .doOnNext(t -> cancelled.incrementAndGet())) : lookup;
                    }).then();
                }, IN_FLIGHT)
                .then(Mono.fromRunnable(() -> readMillis[0] = (System.nanoTime() - start) / 1_000_000));
        Mono.when(reads, writes).block(Duration.ofMinutes(10));
        long millis = (System.nanoTime() - start) / 1_000_000;

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((ds.stats().acquired() > 0 || ds.stats().pending() > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
        var poolAfter = ds.stats();
        long batches = statements.batches("coalesce_storm");
        long singles = statements.singles("coalesce_storm");
        Map<Long, Integer> counters = Flux.range(1, ROWS)
                .flatMap(id -> items.findById((long) id, io.ember.core.filter.Filter.empty(),
                        io.ember.core.repository.Options.defaults().skipDefaultFilter()), 8)
                .collectMap(StormItem::id, StormItem::counter)
                .block(Duration.ofMinutes(1));
        for (int id = 1; id <= ROWS; id++) {
            if (seen.get(id) > counters.get((long) id)) {
                wrong.add("id " + id + " seen with counter " + seen.get(id) + ", the database holds " + counters.get((long) id));
            }
        }
        System.out.printf("coalesce storm: %,d lookups in %,d ms (%,d found, %,d empty, %,d cancelled by the clock),"
                        + " %,d increments (all done at %,d ms); statements: %,d batches + %,d single lookups;"
                        + " pool after: %s%n", CALLS, readMillis[0], found.get(), empty.get(), cancelled.get(),
                CALLS / 10, millis, batches, singles, poolAfter);
        assertThat(wrong).as("lookups that got a wrong answer").isEmpty();
        assertThat(found.get() + empty.get() + cancelled.get()).as("every lookup answered or was cancelled")
                .isGreaterThanOrEqualTo(CALLS);
        assertThat(batches).as("lookups were coalesced").isPositive();
        assertThat(batches + singles).as("statements for %d lookups", CALLS).isLessThan(CALLS);
        assertThat(poolAfter.acquired()).as("connections acquired after the storm").isZero();
        assertThat(poolAfter.pending()).as("acquires waiting after the storm").isZero();
    }

    private static void check(long id, int floor, StormItem item, ConcurrentLinkedQueue<String> wrong,
                              AtomicIntegerArray seen, AtomicInteger found) {
        found.incrementAndGet();
        if (id > ROWS || id % 50 == 0) {
            wrong.add("id " + id + " does not exist or is deleted, got " + item);
        } else if (item.id() != id || !item.name().equals("item-" + id)) {
            wrong.add("id " + id + " got another row: " + item);
        } else if (item.counter() < floor) {
            wrong.add("id " + id + " read counter " + item.counter() + " after " + floor + " was committed");
        } else {
            seen.accumulateAndGet((int) id, item.counter(), Math::max);
        }
    }
}
