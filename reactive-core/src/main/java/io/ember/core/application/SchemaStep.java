package io.ember.core.application;

import io.ember.core.model.ModelMetadata;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The optional schema step of a datasource, run by {@link Application#start()} once the pool is open
 * (creating tables, running migrations). It gets the datasource and the models discovered for it.
 *
 * @param <D> the datasource type it works on
 */
@FunctionalInterface
public interface SchemaStep<D extends ManagedDataSource> {

    /**
     * The step's work. Cold; an error fails the start, and its message is one of the problems listed.
     *
     * @param dataSource the datasource, open
     * @param models     the models of the repositories bound to it, in registration order
     */
    Mono<Void> apply(D dataSource, List<ModelMetadata<?>> models);
}
