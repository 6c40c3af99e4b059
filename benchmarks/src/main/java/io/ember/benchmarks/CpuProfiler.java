package io.ember.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The benchmark JVM's own CPU time per operation: {@code OperatingSystemMXBean#getProcessCpuTime}
 * (all threads: caller, event loops, workers, GC, JIT) read before and after every iteration in the
 * forked JVM, divided by the iteration's operations (which count {@code @OperationsPerInvocation},
 * as JMH's GC profiler does). The database server is another process and is not counted.
 * Use with {@code -prof io.ember.benchmarks.CpuProfiler}; adds {@code cpu.time.norm} (µs/op) and
 * {@code cpu.cores} (CPU seconds per wall second).
 */
public final class CpuProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "Client JVM process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallStart = System.nanoTime();
        cpuStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : cpu / 1_000.0 / ops;
        return List.of(
                new ScalarResult("cpu.time.norm", perOp, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.cores", wall == 0 ? Double.NaN : (double) cpu / wall, "cores",
                        AggregationPolicy.AVG));
    }
}
