package io.ember.r2dbc.datasource;

import org.jspecify.annotations.Nullable;

/**
 * One statement as Ember ran it.
 *
 * @param sql       the SQL text
 * @param bindCount the number of bound parameters
 * @param nanos     the time from execution to completion, error or cancel
 * @param error     the error, or {@code null} when it completed or was cancelled
 * @param fetchSize the rows per fetch of the portal the statement was read through, or {@code 0} when it
 *                  was read without one (every row as the server sends it; writes, {@code COPY})
 */
public record QueryEvent(String sql, int bindCount, long nanos, @Nullable Throwable error, int fetchSize) {

    /** A statement read without a portal. */
    public QueryEvent(String sql, int bindCount, long nanos, @Nullable Throwable error) {
        this(sql, bindCount, nanos, error, 0);
    }
}
