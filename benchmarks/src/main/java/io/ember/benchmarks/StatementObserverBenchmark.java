package io.ember.benchmarks;

import io.ember.r2dbc.datasource.DataSourceObserver;
import io.ember.r2dbc.datasource.StatementObservation;
import io.ember.r2dbc.observation.EmberObservability;
import io.ember.r2dbc.observation.StatementMeterObservationHandler;
import io.ember.r2dbc.sql.SqlOperation;
import io.ember.r2dbc.sql.SqlStatement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.util.context.Context;

/**
 * What observing one statement costs the client, without a database: the observer's start and end of
 * a {@code SELECT} returning one row, as the datasource calls them for every statement. Variants:
 * {@code metrics} = {@link EmberObservability#metrics} (Ember records the timer itself);
 * {@code observation} = an observation per statement through an {@link ObservationRegistry} whose
 * {@link DefaultMeterObservationHandler} records the timer and a long-task timer, as Spring Boot wires
 * it; {@code observation-no-ltt} = the same without the long-task timer (Boot's
 * {@code management.observations.long-task-timer.enabled=false}); {@code observation-ember-handler} = an
 * observation per statement whose timer {@link StatementMeterObservationHandler} records, grouped ahead of
 * the generic handler as Spring Boot groups them with Ember's auto-configuration. No tracer in any. Run it with
 * {@code -t 2} too: the registries are shared by every thread, as in a server. The cost per statement
 * explains {@link ObservabilityBenchmark}'s ratios: a lookup is one statement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class StatementObserverBenchmark {

    @Param({"metrics", "observation", "observation-no-ltt", "observation-ember-handler"})
    public String observer;

    private DataSourceObserver observing;
    private final SqlStatement statement = new SqlStatement("SELECT id, name, qty, created_at FROM bench_item WHERE id = $1",
            List.of(42L), Set.of(), new SqlOperation("SELECT", "bench_item"));

    @Setup(Level.Trial)
    public void open() {
        MeterRegistry meters = new SimpleMeterRegistry();
        observing = switch (observer) {
            case "metrics" -> EmberObservability.metrics(meters);
            case "observation" -> observed(meters, new DefaultMeterObservationHandler(meters));
            case "observation-no-ltt" -> observed(meters, new DefaultMeterObservationHandler(meters,
                    DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER));
            case "observation-ember-handler" -> observed(meters, new ObservationHandler.FirstMatchingCompositeObservationHandler(
                    new StatementMeterObservationHandler(), new DefaultMeterObservationHandler(meters)));
            default -> throw new IllegalArgumentException(
                    "observer must be metrics, observation, observation-no-ltt or observation-ember-handler");
        };
    }

    private static DataSourceObserver observed(MeterRegistry meters, ObservationHandler<?> handler) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(handler);
        return EmberObservability.builder().meterRegistry(meters).observationRegistry(observations).build();
    }

    @Benchmark
    public StatementObservation statement() {
        StatementObservation observation = observing.statementStarted("bench", statement, true, Context.empty());
        observation.ended(1, null, false);
        return observation;
    }
}
