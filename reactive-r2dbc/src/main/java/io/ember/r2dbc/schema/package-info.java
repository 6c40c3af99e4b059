/**
 * Schema support: DDL for models, for tests, examples and simple deployments.
 */
@NullMarked
package io.ember.r2dbc.schema;

import org.jspecify.annotations.NullMarked;
