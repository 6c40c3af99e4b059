package io.ember.r2dbc.spring;

import io.ember.r2dbc.datasource.DataSourceObserver;
import io.ember.r2dbc.observation.EmberObservability;
import io.ember.r2dbc.observation.StatementMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Ember's metrics and tracing in a Spring Boot application that has Micrometer (Actuator): an
 * {@link EmberObservability} over the context's {@link MeterRegistry}, which {@link EmberAutoConfiguration}
 * gives the datasource. Statements are observed in the context's {@link ObservationRegistry} (one
 * observation each: Ember's {@link StatementMeterObservationHandler}, a bean ordered first in Boot's group of
 * meter handlers, records {@code db.client.operation.duration} from it, a tracing bridge makes it a span)
 * when someone listens there besides the meter handlers: when the context has an
 * {@link ObservationHandler} bean that is not a {@link MeterObservationHandler} (a tracing handler, one of
 * the application's). Otherwise Ember records the same timer itself, with the same name and tags, at a
 * fraction of the cost (no observation, no long-task timer per statement).
 * {@code ember.observability.observations=true|false} decides instead. {@code ember.observability.enabled=false}
 * turns it all off; a {@link DataSourceObserver} bean of the application replaces it. Runs after Boot's
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

    /** The property that decides whether statements are observed in the observation registry. */
    static final String OBSERVATIONS = "ember.observability.observations";

    /**
     * Metrics over the context's meter registry; statements observed in its observation registry when
     * something besides a meter handler listens there (or {@value #OBSERVATIONS} says so).
     */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(DataSourceObserver.class)
    public DataSourceObserver emberObservability(MeterRegistry meterRegistry,
                                                 ObjectProvider<ObservationRegistry> observationRegistry,
                                                 ObjectProvider<ObservationHandler<?>> observationHandlers,
                                                 Environment environment) {
        Boolean observations = environment.getProperty(OBSERVATIONS, Boolean.class);
        boolean observe = observations != null ? observations
                : observationHandlers.stream().anyMatch(handler -> !(handler instanceof MeterObservationHandler));
        return EmberObservability.builder()
                .meterRegistry(meterRegistry)
                .observationRegistry(observe ? observationRegistry.getIfUnique() : null)
                .build();
    }

    /**
     * Times Ember's statement observations into Ember's own timers ({@link StatementMeterObservationHandler}):
     * ordered first, so that Boot's group of meter handlers (first match wins) gives Ember's observations
     * to it and every other observation to Boot's generic meter handler.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnMissingBean
    public StatementMeterObservationHandler emberStatementMeterObservationHandler() {
        return new StatementMeterObservationHandler();
    }
}
