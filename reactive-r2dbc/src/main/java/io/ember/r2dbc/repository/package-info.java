/**
 * {@link io.ember.r2dbc.repository.DefaultCrudRepository}: the PostgreSQL implementation of the repository API.
 */
@NullMarked
package io.ember.r2dbc.repository;

import org.jspecify.annotations.NullMarked;
