/**
 * The example service: the blog's users, posts (with includes) and comments over HTTP through
 * {@link io.ember.r2dbc.http.CrudRoutes}, a transactional {@code POST /posts/{id}/publish}, started by
 * {@code mvn -B -q -Pservice package -DskipTests} on the embedded database and stopped gracefully on
 * SIGTERM.
 */
@NullMarked
package io.ember.examples.service;

import org.jspecify.annotations.NullMarked;
