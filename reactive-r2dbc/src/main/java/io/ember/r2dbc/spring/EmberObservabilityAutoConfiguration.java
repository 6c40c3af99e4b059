package io.ember.r2dbc.spring;

import io.ember.r2dbc.datasource.DataSourceObserver;
import io.ember.r2dbc.observation.EmberObservability;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Ember's metrics and tracing in a Spring Boot application that has Micrometer (Actuator): an
 * {@link EmberObservability} over the context's {@link MeterRegistry} and, when there is one, its
 * {@link ObservationRegistry} (Boot's meter handler then records {@code db.client.operation.duration}
 * from the statement observations, and a tracing bridge makes them spans), which
 * {@link EmberAutoConfiguration} gives the datasource. {@code ember.observability.enabled=false}
 * turns it off; a {@link DataSourceObserver} bean of the application replaces it. Runs after Boot's
 * meter and observation registries are defined, and before the datasource is.
 *
 * <p>The only class of this package that names Micrometer; Spring reads it only when Micrometer is on
 * the classpath.
 */
@AutoConfiguration(before = EmberAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({EmberObservability.class, MeterRegistry.class, ObservationRegistry.class})
@ConditionalOnProperty(name = "ember.observability.enabled", matchIfMissing = true)
public final class EmberObservabilityAutoConfiguration {

    /** Metrics over the context's meter registry, spans and timers through its observation registry. */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(DataSourceObserver.class)
    public DataSourceObserver emberObservability(MeterRegistry meterRegistry,
                                                 ObjectProvider<ObservationRegistry> observationRegistry) {
        return EmberObservability.builder()
                .meterRegistry(meterRegistry)
                .observationRegistry(observationRegistry.getIfUnique())
                .build();
    }
}
