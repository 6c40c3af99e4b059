/**
 * The PostgreSQL datasource: an r2dbc-pool connection pool over r2dbc-postgresql, configured from the environment, a URL or a builder.
 */
@NullMarked
package io.ember.r2dbc.datasource;

import org.jspecify.annotations.NullMarked;
