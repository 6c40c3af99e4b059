package io.ember.benchmarks;

import io.ember.r2dbc.testing.TestDatabase;
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
 * The database server's CPU time per operation (Linux, a PostgreSQL on this host: the embedded one
 * the benchmarks start by default): the user and system time of the postmaster serving the
 * benchmark's port and of its child processes (the backends of the pool's connections, the
 * background writers, autovacuum workers; those that ended count through the postmaster's
 * {@code cutime}/{@code cstime}), read from {@code /proc} before and after every iteration and divided by the
 * iteration's operations. With {@link CpuProfiler}'s client figure it gives the whole work an
 * operation costs this machine, which is what loads in flight compete for, however well a library
 * hides latency by running statements in parallel. Counted in clock ticks of 10 ms, so an iteration
 * should run a second or more. {@code NaN} when the server is not a process of this host (an
 * external URL, a container). Use with {@code -prof io.ember.benchmarks.ServerCpuProfiler}; adds
 * {@code server.cpu.norm} (µs/op).
 */
public final class ServerCpuProfiler implements InternalProfiler {

    /** Linux's {@code USER_HZ}: the unit of {@code utime} and {@code stime} in {@code /proc/<pid>/stat}. */
    private static final long TICKS_PER_SECOND = 100;

    private long start = -1;

    @Override
    public String getDescription() {
        return "CPU time of the local PostgreSQL serving the benchmark, per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = serverTicks();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long end = serverTicks();
        long ops = result.getMetadata().getAllOps();
        double perOp = start < 0 || end < 0 || ops == 0 ? Double.NaN
                : (end - start) * (1_000_000.0 / TICKS_PER_SECOND) / ops;
        return List.of(new ScalarResult("server.cpu.norm", perOp, "us/op", AggregationPolicy.AVG));
    }

    /** The ticks of the server's postmaster and its children so far, or -1 when it is not found here. */
    private static long serverTicks() {
        TestDatabase.Server server = BenchDatabase.serverIfStarted();
        if (server == null) {
            return -1;
        }
        String port = "-p\0" + server.port() + "\0";
        long postmaster = -1;
        long[][] processes;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            List<long[]> found = new java.util.ArrayList<>();
            for (Path dir : dirs) {
                try {
                    if (!Files.readString(dir.resolve("comm")).startsWith("postgres")) {
                        continue;
                    }
                    long pid = Long.parseLong(dir.getFileName().toString());
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // utime, stime, and the children's that ended and were waited for (cutime, cstime):
                    // a backend or autovacuum worker that exits moves its time to the postmaster's
                    found.add(new long[] {pid, Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                            Long.parseLong(f[13]) + Long.parseLong(f[14])});
                    if (Files.readString(dir.resolve("cmdline")).contains(port)) {
                        postmaster = pid;
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we read it
                }
            }
            processes = found.toArray(long[][]::new);
        } catch (IOException e) {
            return -1;
        }
        if (postmaster < 0) {
            return -1;
        }
        long ticks = 0;
        for (long[] p : processes) {
            if (p[0] == postmaster) {
                ticks += p[2] + p[3];
            } else if (p[1] == postmaster) {
                ticks += p[2];
            }
        }
        return ticks;
    }
}
