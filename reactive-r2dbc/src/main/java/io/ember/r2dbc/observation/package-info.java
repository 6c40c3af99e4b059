/**
 * Metrics and tracing with Micrometer, under the OpenTelemetry database conventions:
 * {@link io.ember.r2dbc.observation.EmberObservability}, set on a datasource with
 * {@code DataSourceConfig.Builder#observer}. The only package of Ember that uses Micrometer, an optional
 * dependency: without Micrometer on the classpath, leave this package alone and nothing changes.
 */
@NullMarked
package io.ember.r2dbc.observation;

import org.jspecify.annotations.NullMarked;
