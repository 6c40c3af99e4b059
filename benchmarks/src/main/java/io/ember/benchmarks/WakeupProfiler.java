package io.ember.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The benchmark JVM's voluntary context switches per operation (Linux only): the sum of
 * {@code voluntary_ctxt_switches} over {@code /proc/self/task/*}/status, read before and after every
 * iteration, divided by the iteration's operations. A voluntary switch is a thread that went to
 * sleep (parked, or waiting in {@code epoll_wait} for the socket), so the figure counts the thread
 * hand-offs and round trips an operation costs. Unlike CPU time it hardly moves when other
 * processes load the machine. Threads that ended during the iteration are not counted. Use with
 * {@code -prof io.ember.benchmarks.WakeupProfiler}; adds {@code wakeups.norm} (switches/op).
 */
public final class WakeupProfiler implements InternalProfiler {

    private long start;

    @Override
    public String getDescription() {
        return "Voluntary context switches of the client JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = switches();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long ops = result.getMetadata().getAllOps();
        long delta = switches() - start;
        return List.of(new ScalarResult("wakeups.norm", ops == 0 || delta < 0 ? Double.NaN : (double) delta / ops,
                "switches/op", AggregationPolicy.AVG));
    }

    private static long switches() {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while we read it
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }
}
