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
 * {@code createAll}: {@value #ROWS} rows in one call of each library's bulk API (Ember
 * {@code createAll}, raw {@code INSERT … SELECT FROM unnest(…)}, Spring Data {@code saveAll}
 * alone and in a transaction, JDBC batch with {@code reWriteBatchedInserts}), all returning the
 * generated ids. Scores are per row (rows/s). The table is truncated after every iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CreateAllBenchmark {

    static final int ROWS = 10_000;

    @Param({"ember", "raw", "spring", "spring-tx", "jdbc"})
    public String library;

    private Peer peer;

    @Setup(Level.Trial)
    public void open() {
        peer = Peers.open(library);
        peer.prepareInserts(Rows.newItems(ROWS));
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
    @OperationsPerInvocation(ROWS)
    public long createAll() {
        long created = peer.createAll();
        if (created != ROWS) {
            throw new IllegalStateException(library + " created " + created + " rows, expected " + ROWS);
        }
        return created;
    }
}
