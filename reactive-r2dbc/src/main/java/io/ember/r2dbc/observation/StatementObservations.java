package io.ember.r2dbc.observation;

import io.ember.r2dbc.datasource.StatementObservation;
import io.ember.r2dbc.sql.SqlOperation;
import io.ember.r2dbc.sql.SqlStatement;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * With an observation registry, one Micrometer {@link Observation} per statement, named {@value DbKeys#OPERATION_DURATION}, with the
 * span name {@code {db.operation.name} {db.collection.name}}, the low-cardinality keys (which become the
 * timer's tags through a meter handler) and, as high-cardinality keys (span attributes only), the
 * parameterised SQL, the SQLSTATE of a failure and the rows returned. The parent is the observation the
 * subscriber's Reactor {@code Context} holds under {@value #CONTEXT_KEY}; its context lets
 * {@link StatementMeterObservationHandler} time it into the target's timers. With a meter registry alone,
 * each statement is timed directly into the timer such an observation's meter handler would record
 * ({@link StatementTimers}): no observation, context or tag list per statement.
 */
final class StatementObservations {

    /**
     * Where Reactor and Spring keep the current observation in a Reactor {@code Context}: the value of
     * {@code ObservationThreadLocalAccessor.KEY} (not referenced, so that context-propagation need
     * not be on the classpath).
     */
    static final String CONTEXT_KEY = "micrometer.observation";

    private static final KeyValue COMPLETED = KeyValue.of(DbKeys.ERROR_TYPE, DbKeys.NONE);
    private static final KeyValue CANCELLED = KeyValue.of(DbKeys.ERROR_TYPE, DbKeys.CANCELLED);

    private final @Nullable ObservationRegistry registry;
    private final @Nullable MeterRegistry meters;
    private final boolean parentFromContext;
    private final boolean bindValues;
    private final ConcurrentMap<String, ConcurrentMap<SqlOperation, StatementTarget>> targets = new ConcurrentHashMap<>();

    /** {@code registry} {@code null}: statements are timed directly into {@code meters}. */
    StatementObservations(@Nullable ObservationRegistry registry, @Nullable MeterRegistry meters,
                          boolean parentFromContext, boolean bindValues) {
        this.registry = registry;
        this.meters = meters;
        if (meters != null) {
            // the targets keep their meters; one removed from the registry (clear, remove) is found again
            meters.config().onMeterRemoved(meter -> targets.clear());
        }
        this.parentFromContext = parentFromContext;
        this.bindValues = bindValues;
    }

    StatementObservation start(String dataSource, SqlStatement statement, boolean returnsRows, ContextView context) {
        StatementTarget target = target(dataSource, statement.operation());
        if (registry == null) {
            return timed(target, returnsRows);
        }
        Observation observation = Observation.createNotStarted(DbKeys.OPERATION_DURATION,
                () -> new StatementContext(target.timers), registry);
        if (observation.isNoop()) {
            return rowsOnly(target, returnsRows);
        }
        StatementContext statementContext = (StatementContext) observation.getContext();
        observation.contextualName(target.spanName)
                .lowCardinalityKeyValues(target.keyValues)
                .highCardinalityKeyValue(DbKeys.QUERY_TEXT, statement.sql());
        if (bindValues) {
            List<Object> binds = statement.loggableBinds();
            for (int i = 0; i < binds.size(); i++) {
                observation.highCardinalityKeyValue(DbKeys.PARAMETER + i, String.valueOf(binds.get(i)));
            }
        }
        if (parentFromContext) {
            Object parent = context.getOrDefault(CONTEXT_KEY, null);
            if (parent instanceof Observation p && !p.isNoop()) {
                observation.parentObservation(p);
            }
        }
        observation.start();
        return (rows, error, cancelled) -> {
            observation.lowCardinalityKeyValue(cancelled ? CANCELLED : error == null ? COMPLETED
                    : KeyValue.of(DbKeys.ERROR_TYPE, ErrorTypes.of(error, false)));
            if (error != null) {
                String state = ErrorTypes.sqlState(error);
                if (state != null) {
                    observation.highCardinalityKeyValue(DbKeys.STATUS_CODE, state);
                }
                observation.error(error);
            }
            if (returnsRows) {
                observation.highCardinalityKeyValue(DbKeys.ROWS, Long.toString(rows));
                if (target.rows != null) {
                    target.rows.record(rows);
                }
            }
            statementContext.cancelled = cancelled;
            observation.stop();
        };
    }

    /** Without an observation registry: the target was made with its timers (the meter registry is set). */
    private static StatementObservation timed(StatementTarget target, boolean returnsRows) {
        StatementTimers timers = Objects.requireNonNull(target.timers);
        DistributionSummary summary = target.rows;
        long start = timers.start();
        return (rows, error, cancelled) -> {
            timers.record(start, error, cancelled);
            if (returnsRows && summary != null) {
                summary.record(rows);
            }
        };
    }

    private static StatementObservation rowsOnly(StatementTarget target, boolean returnsRows) {
        DistributionSummary summary = target.rows;
        if (!returnsRows || summary == null) {
            return StatementObservation.NONE;
        }
        return (rows, error, cancelled) -> summary.record(rows);
    }

    private StatementTarget target(String dataSource, SqlOperation operation) {
        ConcurrentMap<SqlOperation, StatementTarget> byOperation = targets.get(dataSource);
        if (byOperation == null) {
            byOperation = targets.computeIfAbsent(dataSource, name -> new ConcurrentHashMap<>());
        }
        StatementTarget target = byOperation.get(operation);
        return target != null ? target
                : byOperation.computeIfAbsent(operation, op -> new StatementTarget(dataSource, op, meters));
    }
}
