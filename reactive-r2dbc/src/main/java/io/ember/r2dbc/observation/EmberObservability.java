package io.ember.r2dbc.observation;

import io.ember.r2dbc.datasource.DataSourceObserver;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.StatementObservation;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.transaction.TransactionOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * Metrics and tracing of Ember's datasources with Micrometer, under the OpenTelemetry database
 * conventions. Thread-safe; one instance may serve several datasources (their meters differ by the
 * {@code db.client.connection.pool.name} tag, the datasource's name).
 *
 * <pre>{@code
 * PostgresDataSource ds = PostgresDataSource.builder().url(url)
 *         .observer(EmberObservability.builder()
 *                 .meterRegistry(meterRegistry)                 // pool gauges, rows, transactions
 *                 .observationRegistry(observationRegistry)     // one observation (span) per statement
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <ul>
 *   <li>Statements: one {@code Observation} each, named {@code db.client.operation.duration}, with the
 *       span name {@code {db.operation.name} {db.collection.name}} ({@code SELECT users}), nested under the
 *       observation the subscriber's Reactor {@code Context} holds (as Spring WebFlux and Reactor's
 *       {@code Micrometer.observation} put it there). Its timer comes from the observation registry's meter
 *       handler, as Spring Boot configures it; Ember adds none to a registry it is given. Given only a
 *       meter registry, Ember records that timer itself, with the same name and tags, and no
 *       observation (no spans, no parent; the cheapest way to time statements).</li>
 *   <li>With a meter registry: {@code db.client.response.returned_rows}, the pool gauges
 *       {@code db.client.connection.count} (by {@code db.client.connection.state}),
 *       {@code db.client.connection.max}, {@code db.client.connection.pending_requests}, and the
 *       counters {@code ember.db.transactions} (by {@code outcome}) and {@code ember.db.transaction.retries}.</li>
 * </ul>
 * No tag holds SQL text or a value; the parameterised SQL is a high-cardinality key value (a span
 * attribute), bind values only with {@link Builder#bindValues(boolean)}. See {@code docs/observability.md}.
 */
public final class EmberObservability implements DataSourceObserver {

    private final StatementObservations statements;
    private final @Nullable PoolMeters pool;
    private final @Nullable TransactionMeters transactions;

    private EmberObservability(Builder b) {
        MeterRegistry meters = b.meterRegistry;
        ObservationRegistry observations = b.observationRegistry;
        if (observations == null) {
            this.statements = new StatementObservations(null, Objects.requireNonNull(meters), false, false);
        } else {
            this.statements = new StatementObservations(observations, meters, true, b.bindValues);
        }
        this.pool = meters == null ? null : new PoolMeters(meters);
        this.transactions = meters == null ? null : new TransactionMeters(meters);
    }

    /** A builder; set a meter registry, an observation registry, or both. */
    public static Builder builder() {
        return new Builder();
    }

    /** Metrics only: statement timers, rows, pool gauges and transactions in {@code meterRegistry}; no spans. */
    public static EmberObservability metrics(MeterRegistry meterRegistry) {
        return builder().meterRegistry(meterRegistry).build();
    }

    /** Not for callers: the datasource tells it of each statement. */
    @Override
    public StatementObservation statementStarted(String dataSource, SqlStatement statement, boolean returnsRows,
                                                 ContextView context) {
        return statements.start(dataSource, statement, returnsRows, context);
    }

    /** Not for callers: the datasource tells it of each transaction's end. */
    @Override
    public void transactionEnded(String dataSource, TransactionOutcome outcome) {
        if (transactions != null) {
            transactions.record(dataSource, outcome);
        }
    }

    /** Not for callers: registers the datasource's pool gauges. */
    @Override
    public void opened(PostgresDataSource dataSource) {
        if (pool != null) {
            pool.register(dataSource);
        }
    }

    /** Not for callers: removes the datasource's pool gauges. */
    @Override
    public void closed(PostgresDataSource dataSource) {
        if (pool != null) {
            pool.remove(dataSource);
        }
    }

    /** Builds an {@link EmberObservability}; validated in {@link #build()}. */
    public static final class Builder {

        private @Nullable MeterRegistry meterRegistry;
        private @Nullable ObservationRegistry observationRegistry;
        private boolean bindValues;

        private Builder() {
        }

        /**
         * Where the pool gauges, the rows returned and the transaction counters go; and the statement
         * timers too when no observation registry is set.
         */
        public Builder meterRegistry(@Nullable MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /**
         * Where each statement is observed (spans through a tracing handler, the
         * {@code db.client.operation.duration} timer through a meter handler such as Spring Boot's).
         */
        public Builder observationRegistry(@Nullable ObservationRegistry observationRegistry) {
            this.observationRegistry = observationRegistry;
            return this;
        }

        /**
         * Whether each observation also carries the bind values, as high-cardinality keys
         * {@code db.query.parameter.<index>} ({@code @Hidden} ones masked). Off by default: values may be
         * personal data. Needs an observation registry.
         */
        public Builder bindValues(boolean bindValues) {
            this.bindValues = bindValues;
            return this;
        }

        /**
         * The observer, ready for {@code DataSourceConfig.Builder#observer}.
         *
         * @throws IllegalArgumentException when neither registry is set, or bind values are asked for
         *                                  without an observation registry
         */
        public EmberObservability build() {
            if (meterRegistry == null && observationRegistry == null) {
                throw new IllegalArgumentException("Set a meterRegistry, an observationRegistry, or both");
            }
            if (bindValues && observationRegistry == null) {
                throw new IllegalArgumentException("bindValues needs an observationRegistry (they go to spans only)");
            }
            return new EmberObservability(this);
        }
    }
}
