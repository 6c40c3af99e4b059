package io.ember.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Lookup by primary key of a random row: one invocation is {@value #LOOKUPS} lookups with
 * {@code inFlight} of them in flight at once; scores are per lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FindByIdBenchmark {

    static final int LOOKUPS = 512;

    @Param({"ember", "raw", "spring", "jdbc", "vertx"})
    public String library;

    @Param({"1", "32"})
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
        return peer.findById(ids, inFlight);
    }
}
