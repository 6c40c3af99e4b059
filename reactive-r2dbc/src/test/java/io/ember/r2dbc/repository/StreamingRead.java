package io.ember.r2dbc.repository;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.ember.core.filter.Filter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import reactor.core.publisher.Mono;

/**
 * Run in a JVM of its own by {@link StreamingMemoryIT}: streams every row of {@code stream_rows} through
 * {@code find(Filter.empty())} with a slow subscriber (a 50 ms pause every 10,000 rows), and prints the
 * row count, the peak live heap (the most any garbage collection left in the heap, from the GC
 * notifications of the GC beans), the peak of the heap pools (garbage included) and the maximum heap.
 * Arguments: host port database user password schema.
 */
public final class StreamingRead {

    private StreamingRead() {
    }

    public static void main(String[] args) {
        AtomicLong peakAfterGc = new AtomicLong();
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    peakAfterGc.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        try (PostgresDataSource ds = PostgresDataSource.builder().host(args[0]).port(Integer.parseInt(args[1]))
                .database(args[2]).user(args[3]).password(args[4]).schema(args[5]).build()) {
            DefaultCrudRepository<StreamingMemoryIT.StreamRow, Long> rows =
                    new DefaultCrudRepository<>(StreamingMemoryIT.StreamRow.class, ds);
            long[] seen = new long[1];
            long start = System.nanoTime();
            rows.find(Filter.empty())
                    .concatMap(row -> ++seen[0] % 10_000 == 0
                            ? Mono.delay(Duration.ofMillis(50)).thenReturn(row) : Mono.just(row))
                    .then().block(Duration.ofMinutes(20));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.gc();
            long poolPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    poolPeak += pool.getPeakUsage().getUsed();
                }
            }
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.println("rows=" + seen[0] + " millis=" + millis + " peakLiveHeapBytes=" + peakAfterGc.get()
                    + " peakPoolBytes=" + poolPeak + " maxHeapBytes=" + heap.getMax());
        }
    }
}
