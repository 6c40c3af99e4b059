/**
 * A CRUD HTTP layer on Reactor Netty over any repository ({@link io.ember.r2dbc.http.CrudRoutes}),
 * following the original framework's REST conventions: filters from the query string through
 * {@link io.ember.core.filter.FilterPolicy#external()}, {@code Content-Range} on lists, NDJSON streams
 * with backpressure, and errors as a JSON body. Needs {@code io.projectreactor.netty:reactor-netty-http}
 * on the class path (an optional dependency of this module). See {@code docs/http.md}.
 */
@NullMarked
package io.ember.r2dbc.http;

import org.jspecify.annotations.NullMarked;
