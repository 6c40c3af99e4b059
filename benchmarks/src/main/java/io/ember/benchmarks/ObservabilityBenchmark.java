package io.ember.benchmarks;

import io.ember.r2dbc.datasource.StatementObservation;
import io.ember.r2dbc.observation.EmberObservability;
import io.ember.r2dbc.observation.StatementMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * What metrics and observation cost on Ember's lookup by primary key ({@link FindByIdBenchmark}'s
 * scenario, Ember only): {@code off} = no observer; {@code hook} = an observer that records nothing
 * (what the datasource's hook itself costs: one operator and one subscriber per statement); {@code metrics} = {@link EmberObservability#metrics}
 * (a meter registry alone: statement timers, rows, pool gauges; no observation); {@code on} =
 * {@link EmberObservability} with a
 * {@link SimpleMeterRegistry} for the pool gauges and rows, and an {@link ObservationRegistry} whose meter
 * handlers are grouped as Spring Boot groups them with Ember's auto-configuration: Ember's
 * {@link StatementMeterObservationHandler} first (it records the {@code db.client.operation.duration} timer
 * of Ember's observations), then {@link DefaultMeterObservationHandler} (no tracer: a tracing bridge's
 * own cost is not included); {@code on-generic} = the same with the generic handler alone, which
 * records that timer and a long-task timer for every statement. Compare {@code on} with
 * {@code off} of the same run and {@code inFlight}: ops/s ratio and {@code gc.alloc.rate.norm}.
 * Sized so that {@code java -jar benchmarks.jar ObservabilityBenchmark -f 2} takes about 5 minutes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ObservabilityBenchmark {

    static final int LOOKUPS = FindByIdBenchmark.LOOKUPS;

    @Param({"off", "hook", "metrics", "on", "on-generic"})
    public String observability;

    @Param({"1", "32"})
    public int inFlight;

    private Peer peer;
    private MeterRegistry meters;
    private final long[] ids = new long[LOOKUPS];

    @Setup(Level.Trial)
    public void open() {
        System.out.println("# bench variant: " + Tuning.describe() + " observability=" + observability);
        if (observability.equals("on") || observability.equals("on-generic")) {
            meters = new SimpleMeterRegistry();
            ObservationRegistry observations = ObservationRegistry.create();
            DefaultMeterObservationHandler generic = new DefaultMeterObservationHandler(meters);
            // "on": as Spring Boot groups the meter handlers with Ember's auto-configuration (Ember's first)
            observations.observationConfig().observationHandler(observability.equals("on-generic") ? generic
                    : new ObservationHandler.FirstMatchingCompositeObservationHandler(
                            new StatementMeterObservationHandler(), generic));
            peer = new EmberPeer(BenchDatabase.server(), EmberObservability.builder()
                    .meterRegistry(meters).observationRegistry(observations).build());
        } else if (observability.equals("hook")) {
            peer = new EmberPeer(BenchDatabase.server(), (dataSource, statement, returnsRows, context) -> StatementObservation.NONE);
        } else if (observability.equals("metrics")) {
            meters = new SimpleMeterRegistry();
            peer = new EmberPeer(BenchDatabase.server(), EmberObservability.metrics(meters));
        } else if (observability.equals("off")) {
            peer = new EmberPeer(BenchDatabase.server());
        } else {
            throw new IllegalArgumentException("observability must be off, hook, metrics, on or on-generic: " + observability);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (meters != null) {
            long timed = meters.get("db.client.operation.duration").timers().stream().mapToLong(t -> t.count()).sum();
            System.out.println("# statements timed: " + timed);
            if (timed == 0) {
                throw new IllegalStateException("observability=on recorded no statement");
            }
        }
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
