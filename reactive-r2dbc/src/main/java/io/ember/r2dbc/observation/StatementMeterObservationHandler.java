package io.ember.r2dbc.observation;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * Records the {@value DbKeys#OPERATION_DURATION} timer of Ember's statement observations, with the
 * name and tags Micrometer's {@code DefaultMeterObservationHandler} would give it, from timers Ember
 * found once per operation and table: two clock reads and one record per statement, where the
 * generic handler builds and sorts the tags, looks the timer up, and keeps a long-task timer for
 * every statement. It handles only the observations of an {@link EmberObservability} that has a meter
 * registry, and only those; register it ahead of the generic handler in one
 * {@link io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler}, as
 * Spring Boot groups meter handlers (Ember's auto-configuration declares it as a bean ordered first):
 *
 * <pre>{@code
 * observationRegistry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
 *         new StatementMeterObservationHandler(), new DefaultMeterObservationHandler(meterRegistry)));
 * }</pre>
 *
 * Registered beside the generic handler rather than ahead of it in such a group, both would record
 * every statement. What it does not do: add the key values of {@code ObservationFilter}s to the
 * timer's tags (they still reach spans), or keep the long-task timer
 * {@code db.client.operation.duration.active} (the pool gauges count the connections in use). Stateless;
 * one instance may serve any number of registries.
 */
public final class StatementMeterObservationHandler implements MeterObservationHandler<Observation.Context> {

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof StatementContext statement && statement.timers != null;
    }

    @Override
    public void onStart(Observation.Context context) {
        StatementContext statement = (StatementContext) context;
        statement.start = Objects.requireNonNull(statement.timers).start();
    }

    @Override
    public void onStop(Observation.Context context) {
        StatementContext statement = (StatementContext) context;
        Objects.requireNonNull(statement.timers).record(statement.start, statement.getError(), statement.cancelled);
    }
}
