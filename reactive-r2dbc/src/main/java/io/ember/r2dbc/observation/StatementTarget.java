package io.ember.r2dbc.observation;

import io.ember.r2dbc.sql.SqlOperation;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What every statement of one operation on one datasource shares, computed once: the span name
 * ({@code {db.operation.name} {db.collection.name}}), the low-cardinality key values, and, with a meter
 * registry, the rows summary and the statement timers.
 */
final class StatementTarget {

    final String spanName;
    final KeyValues keyValues;
    final @Nullable DistributionSummary rows;
    /**
     * The statement timers, with a meter registry: statements are timed into them directly, or, when
     * observed, by {@link StatementMeterObservationHandler}.
     */
    final @Nullable StatementTimers timers;

    StatementTarget(String dataSource, SqlOperation operation, @Nullable MeterRegistry meters) {
        String collection = operation.collection();
        this.spanName = collection == null ? operation.name() : operation.name() + " " + collection;
        this.keyValues = KeyValues.of(
                DbKeys.SYSTEM, DbKeys.POSTGRESQL,
                DbKeys.OPERATION, operation.name(),
                DbKeys.COLLECTION, collection == null ? DbKeys.NONE : collection,
                DbKeys.POOL, dataSource);
        this.rows = meters == null ? null : DistributionSummary.builder(DbKeys.RETURNED_ROWS)
                .description("Rows a query returned (as many as its subscriber read)")
                .baseUnit("rows")
                .tag(DbKeys.SYSTEM, DbKeys.POSTGRESQL)
                .tag(DbKeys.OPERATION, operation.name())
                .tag(DbKeys.COLLECTION, collection == null ? DbKeys.NONE : collection)
                .tag(DbKeys.POOL, dataSource)
                .register(meters);
        this.timers = meters != null ? new StatementTimers(keyValues, meters) : null;
    }
}
