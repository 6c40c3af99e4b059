package io.ember.r2dbc.datasource;

/**
 * Told of every statement Ember runs on a datasource, after it ends: for metrics, tracing or
 * counting round trips in tests. Called on the driver's thread: it must be quick and must not block.
 */
@FunctionalInterface
public interface QueryListener {

    /** A statement ended, successfully or not. */
    void onQuery(QueryEvent event);
}
