package io.ember.r2dbc.datasource;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a health check: whether the server answered {@code SELECT 1}, how fast, and the pool's state.
 *
 * @param up      whether the server answered
 * @param latency the round-trip time, including acquiring a connection
 * @param error   why it is down, or {@code null}
 * @param pool    the pool's state when the check ended
 */
public record Health(boolean up, Duration latency, @Nullable String error, PoolStats pool) {
}
