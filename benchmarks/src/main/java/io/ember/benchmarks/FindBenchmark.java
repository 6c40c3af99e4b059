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
 * {@code find}: 100 rows {@code WHERE qty > bound ORDER BY id LIMIT 100} with a random bound in
 * [0, 500); one invocation is {@value #QUERIES} queries, {@code inFlight} at once; scores are per query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FindBenchmark {

    static final int QUERIES = 64;

    @Param({"ember", "raw", "spring", "jdbc", "vertx"})
    public String library;

    @Param({"8"})
    public int inFlight;

    private Peer peer;
    private final int[] bounds = new int[QUERIES];

    @Setup(Level.Trial)
    public void open() {
        peer = Peers.open(library);
    }

    @TearDown(Level.Trial)
    public void close() {
        peer.close();
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public long find() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = random.nextInt(500);
        }
        return peer.find(bounds, inFlight);
    }
}
