package io.ember.core.application;

import io.ember.core.model.ModelMetadata;

/**
 * A repository an {@link Application} can discover models from: the model it stores and the datasource
 * it stores it in. Ember's {@code DefaultCrudRepository} implements it.
 */
public interface ManagedRepository {

    /** The model this repository stores. */
    ModelMetadata<?> model();

    /** The datasource it stores the model in. */
    ManagedDataSource dataSource();
}
