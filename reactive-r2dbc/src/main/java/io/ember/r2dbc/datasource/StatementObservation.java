package io.ember.r2dbc.datasource;

import org.jspecify.annotations.Nullable;

/** One statement under observation (see {@link DataSourceObserver#statementStarted}); told once how it ended. */
@FunctionalInterface
public interface StatementObservation {

    /** Observes nothing. */
    StatementObservation NONE = (rows, error, cancelled) -> { };

    /**
     * The statement ended. Called once, before its subscriber sees the end (on complete and error; on
     * cancel, when the subscriber cancels).
     *
     * @param rows      the rows it returned so far (a query) or changed (see {@code returnsRows})
     * @param error     the error it ended with, translated to Ember's exceptions, or {@code null}
     * @param cancelled whether the subscriber cancelled before the statement ended (then {@code error} is {@code null})
     */
    void ended(long rows, @Nullable Throwable error, boolean cancelled);
}
