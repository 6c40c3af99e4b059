package io.ember.r2dbc.datasource;

import org.jspecify.annotations.Nullable;

/**
 * One statement as Ember ran it.
 *
 * @param sql       the SQL text
 * @param bindCount the number of bound parameters
 * @param nanos     the time from execution to completion, error or cancel
 * @param error     the error, or {@code null} when it completed or was cancelled
 */
public record QueryEvent(String sql, int bindCount, long nanos, @Nullable Throwable error) {
}
