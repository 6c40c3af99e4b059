package io.ember.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
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
 * The concurrency sweep of lookups by primary key: one invocation is {@value #LOOKUPS} lookups of
 * random rows with {@code inFlight} in flight at once, refilled as each completes
 * ({@link Concurrency}); scores are per lookup. Every library has a pool of
 * {@link BenchDatabase#POOL_SIZE} connections, so past 8 in flight the callers wait for one, and
 * that is where {@code ember-coalesce} (coalesced point reads) merges them. Warm-up: 12 s per trial,
 * because the R2DBC peers reach their steady rate only after about 10 s of JIT compilation (with the
 * former 2 s they were measured at a third of it, JDBC and Vert.x at theirs). Sized so that
 * {@code -f 1} runs in about 11 minutes; {@code benchmarks/run.sh sweep} runs its forks interleaved
 * and draws the chart.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FindByIdSweepBenchmark {

    static final int LOOKUPS = 1_024;

    @Param({"ember", "ember-coalesce", "raw", "spring", "jdbc", "vertx"})
    public String library;

    @Param({"1", "8", "32", "128", "512"})
    public int inFlight;

    private Peer peer;
    private final long[] ids = new long[LOOKUPS];

    @Setup(Level.Trial)
    public void open() {
        peer = Peers.open(library);
    }

    @TearDown(Level.Trial)
    public void close() {
        peer.close();
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public long findById() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + random.nextInt(BenchDatabase.SEED_ROWS);
        }
        long expected = 0;
        for (long id : ids) {
            expected += id % 1_000;   // qty of row id (BenchDatabase)
        }
        long sum = peer.findById(ids, inFlight);
        if (sum != expected) {
            throw new IllegalStateException(library + " read qty sum " + sum + ", the rows hold " + expected);
        }
        return sum;
    }
}
