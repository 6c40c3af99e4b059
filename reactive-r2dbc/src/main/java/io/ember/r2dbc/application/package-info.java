/**
 * The PostgreSQL parts of the application container ({@link io.ember.core.application.Application}):
 * schema steps a datasource can run at start. {@link io.ember.r2dbc.datasource.PostgresDataSource} is
 * itself the container's datasource and {@link io.ember.r2dbc.repository.DefaultCrudRepository} its
 * repository.
 */
@NullMarked
package io.ember.r2dbc.application;

import org.jspecify.annotations.NullMarked;
