package io.ember.benchmarks;

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
 * {@code create}: one row per statement into {@code bench_insert}, returning its generated id; one
 * invocation is {@value #INSERTS} inserts, {@code inFlight} at once; scores are per row. The table is
 * truncated after every iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CreateBenchmark {

    static final int INSERTS = 256;

    @Param({"ember", "raw", "spring", "jdbc"})
    public String library;

    @Param({"8"})
    public int inFlight;

    private Peer peer;

    @Setup(Level.Trial)
    public void open() {
        peer = Peers.open(library);
        peer.prepareInserts(Rows.newItems(INSERTS));
    }

    @TearDown(Level.Iteration)
    public void truncate() {
        BenchDatabase.truncateInserts();
    }

    @TearDown(Level.Trial)
    public void close() {
        peer.close();
    }

    @Benchmark
    @OperationsPerInvocation(INSERTS)
    public long create() {
        return peer.create(INSERTS, inFlight);
    }
}
