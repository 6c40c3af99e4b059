package io.ember.r2dbc.observation;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The pool gauges of each datasource, under the OpenTelemetry names: connections by state
 * ({@code idle}, {@code used}), the maximum, and the acquires waiting. Read from the pool when the
 * registry is scraped; removed when the datasource closes. A gauge holds its datasource weakly.
 */
final class PoolMeters {

    private final MeterRegistry registry;
    private final Map<PostgresDataSource, List<Meter>> gauges = new ConcurrentHashMap<>();

    PoolMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(PostgresDataSource dataSource) {
        String name = dataSource.config().name();
        gauges.put(dataSource, List.of(
                gauge(DbKeys.CONNECTION_COUNT, dataSource, name, "idle", d -> d.stats().idle(),
                        "Connections open and idle in the pool"),
                gauge(DbKeys.CONNECTION_COUNT, dataSource, name, "used", d -> d.stats().acquired(),
                        "Connections open and in use"),
                gauge(DbKeys.CONNECTION_MAX, dataSource, name, null, d -> d.stats().maxSize(),
                        "The most connections the pool opens"),
                gauge(DbKeys.PENDING_REQUESTS, dataSource, name, null, d -> d.stats().pending(),
                        "Acquires waiting for a connection")));
    }

    void remove(PostgresDataSource dataSource) {
        List<Meter> meters = gauges.remove(dataSource);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    private Meter gauge(String meter, PostgresDataSource dataSource, String pool, @Nullable String state,
                       ToDoubleFunction<PostgresDataSource> value, String description) {
        Gauge.Builder<PostgresDataSource> gauge = Gauge.builder(meter, dataSource, value)
                .description(description)
                .baseUnit("connections")
                .tag(DbKeys.POOL, pool);
        if (state != null) {
            gauge.tag(DbKeys.STATE, state);
        }
        return gauge.register(registry);
    }
}
