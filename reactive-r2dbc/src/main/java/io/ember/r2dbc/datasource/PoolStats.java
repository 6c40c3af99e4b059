package io.ember.r2dbc.datasource;

/**
 * A snapshot of a pool.
 *
 * @param acquired  connections handed out and not yet returned
 * @param idle      connections ready in the pool
 * @param allocated connections open, acquired or idle
 * @param pending   subscribers waiting for a connection
 * @param maxSize   the pool's maximum size
 */
public record PoolStats(int acquired, int idle, int allocated, int pending, int maxSize) {
}
