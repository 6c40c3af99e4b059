package io.ember.core.application;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A datasource an {@link Application} can start and stop. Ember's PostgreSQL datasource implements it.
 */
public interface ManagedDataSource {

    /**
     * Opens the pool: checks that the database answers and warms the pool up. Cold. Fails with a
     * {@link io.ember.core.error.PersistenceException} (the server cannot be reached, the datasource is
     * closed...).
     */
    Mono<Void> open();

    /**
     * Closes gracefully: refuses new work at once (with
     * {@link io.ember.core.error.DataSourceClosedException}), waits up to {@code timeout} for the work in
     * flight to give its connections back, then closes the pool. Cold; never errors.
     */
    Mono<Void> closeGracefully(Duration timeout);
}
