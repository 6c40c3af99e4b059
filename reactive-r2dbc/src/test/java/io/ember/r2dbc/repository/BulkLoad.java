package io.ember.r2dbc.repository;

import io.ember.core.model.CreatedAt;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * Run in a JVM of its own by {@link BulkLoadMemoryIT}: generates rows on the fly and stores them with
 * {@code load} (COPY), {@code createAllCount} and {@code createAll(Publisher)} (its returned rows
 * counted as they stream), printing each count and the peak heap of each phase.
 * Arguments: host port database user password schema rows.
 */
public final class BulkLoad {

    /** The model loaded: an identity id, a few columns, a creation time filled in by Ember. */
    @Model(table = "bulk_rows")
    public record BulkRow(@Id Long id, String name, int n, String payload, @CreatedAt Instant createdAt) {
    }

    private BulkLoad() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[6]);
        sampleLiveHeap();
        try (PostgresDataSource ds = PostgresDataSource.builder().host(args[0]).port(Integer.parseInt(args[1]))
                .database(args[2]).user(args[3]).password(args[4]).schema(args[5]).build()) {
            DefaultCrudRepository<BulkRow, Long> repo = new DefaultCrudRepository<>(BulkRow.class, ds);
            phase("copied", () -> repo.load(source(rows)).block(Duration.ofMinutes(10)));
            phase("counted", () -> repo.createAllCount(source(rows), Options.defaults()).block(Duration.ofMinutes(10)));
            phase("created", () -> repo.createAll(source(rows)).count().block(Duration.ofMinutes(10)));
            System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
        }
    }

    static Flux<BulkRow> source(int rows) {
        return Flux.range(0, rows).map(i -> new BulkRow(null, "row " + i, i, "payload of row " + i + " ".repeat(40), null));
    }

    /** The most heap live (in use after a full collection) seen by {@link #sampleLiveHeap} since the last reset. */
    private static final AtomicLong LIVE = new AtomicLong();

    /** Every 500 ms, a full collection and the heap in use after it: what the run keeps alive. */
    private static void sampleLiveHeap() {
        Thread sampler = new Thread(() -> {
            while (true) {
                System.gc();
                LIVE.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "live-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void phase(String name, Supplier<Long> work) {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        LIVE.set(0);
        long start = System.nanoTime();
        Long count = work.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(name + "=" + count + " millis=" + millis + " peakHeapBytes=" + peak
                + " peakLiveBytes=" + LIVE.get());
    }
}
