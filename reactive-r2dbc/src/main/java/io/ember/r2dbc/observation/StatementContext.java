package io.ember.r2dbc.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of one statement's observation: what {@link StatementMeterObservationHandler} needs to
 * time it into the statement target's timers, found once per target, instead of building tags and
 * looking the timer up at every statement as a generic meter handler does.
 */
final class StatementContext extends Observation.Context {

    /** The target's timers, or {@code null} when Ember was given no meter registry. */
    final @Nullable StatementTimers timers;
    long start;
    boolean cancelled;

    StatementContext(@Nullable StatementTimers timers) {
        this.timers = timers;
    }
}
