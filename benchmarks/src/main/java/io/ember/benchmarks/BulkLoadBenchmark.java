package io.ember.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk loads into {@code bench_insert} (empty before every operation), scored per row (rows/s):
 * {@value #ROWS} rows per operation through Ember {@code load} (COPY), the raw driver's
 * {@code copyIn} (hand-written text rows), Ember {@code createAll} (returning the entities with their
 * ids) and {@code createAllCount} (returning the count), one raw {@code INSERT … SELECT FROM unnest(…)}
 * statement returning the ids, and a JDBC batch with {@code reWriteBatchedInserts=true} returning the
 * ids. Spring Data {@code saveAll} inserts a row per statement, so its part is
 * {@value #SPRING_ROWS} rows per operation (same per-row score): its rate does not depend on the
 * count, and 100,000 rows would take about a minute per operation. With {@code -f 2} the whole
 * class runs in about four minutes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BulkLoadBenchmark {

    static final int ROWS = 100_000;
    static final int SPRING_ROWS = 5_000;

    /** The peers that load {@value #ROWS} rows per operation. */
    @State(Scope.Benchmark)
    public static class Fast {

        @Param({"ember-load", "raw-copy", "ember-createAll", "ember-createAllCount", "raw-unnest", "jdbc"})
        public String library;

        private Peer peer;

        @Setup(Level.Trial)
        public void open() {
            peer = Peers.open(library.substring(0, library.indexOf('-') < 0 ? library.length() : library.indexOf('-')));
            peer.prepareInserts(Rows.newItems(ROWS));
        }

        @TearDown(Level.Invocation)
        public void truncate() {
            BenchDatabase.truncateInserts();
        }

        @TearDown(Level.Trial)
        public void close() {
            peer.close();
        }

        long load() {
            return switch (library) {
                case "ember-load" -> ((EmberPeer) peer).loadAll();
                case "raw-copy" -> ((RawR2dbcPeer) peer).copyAll();
                case "ember-createAllCount" -> ((EmberPeer) peer).createAllCount();
                default -> peer.createAll();
            };
        }
    }

    /** Spring Data {@code saveAll} of {@value #SPRING_ROWS} rows per operation. */
    @State(Scope.Benchmark)
    public static class Spring {

        private Peer peer;

        @Setup(Level.Trial)
        public void open() {
            peer = Peers.open("spring");
            peer.prepareInserts(Rows.newItems(SPRING_ROWS));
        }

        @TearDown(Level.Invocation)
        public void truncate() {
            BenchDatabase.truncateInserts();
        }

        @TearDown(Level.Trial)
        public void close() {
            peer.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long load(Fast state) {
        return checked(state.library, state.load(), ROWS);
    }

    @Benchmark
    @OperationsPerInvocation(SPRING_ROWS)
    public long springSaveAll(Spring state) {
        return checked("spring", state.peer.createAll(), SPRING_ROWS);
    }

    private static long checked(String library, long stored, int expected) {
        if (stored != expected) {
            throw new IllegalStateException(library + " stored " + stored + " rows, expected " + expected);
        }
        return stored;
    }
}
