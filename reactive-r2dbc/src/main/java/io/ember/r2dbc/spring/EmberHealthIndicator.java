package io.ember.r2dbc.spring;

import io.ember.r2dbc.datasource.PoolStats;
import io.ember.r2dbc.datasource.PostgresDataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The datasource's health: UP when the validation query ({@code SELECT 1}) answered, DOWN with the
 * error otherwise; with the pool's state (acquired, idle, allocated, pending, max) and the query's
 * response time as details. Contributed as {@code ember}.
 */
final class EmberHealthIndicator implements ReactiveHealthIndicator {

    static final String VALIDATION_QUERY = "SELECT 1";

    private final PostgresDataSource dataSource;

    EmberHealthIndicator(PostgresDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Mono<Health> health() {
        return dataSource.health().map(h -> {
            Health.Builder b = h.up() ? Health.up() : Health.down().withDetail("error", String.valueOf(h.error()));
            return b.withDetail("dataSource", dataSource.config().name())
                    .withDetail("validationQuery", VALIDATION_QUERY)
                    .withDetail("responseTimeMs", h.latency().toMillis())
                    .withDetail("pool", pool(h.pool()))
                    .build();
        });
    }

    private static Map<String, Integer> pool(PoolStats stats) {
        Map<String, Integer> pool = new LinkedHashMap<>();
        pool.put("acquired", stats.acquired());
        pool.put("idle", stats.idle());
        pool.put("allocated", stats.allocated());
        pool.put("pending", stats.pending());
        pool.put("max", stats.maxSize());
        return pool;
    }
}
