/**
 * The application container: datasources and the repositories bound to them, registered explicitly
 * ({@link io.ember.core.application.Application#builder()}), looked up by type or name, started
 * (every model and relation checked, pools opened, an optional schema step) and stopped gracefully.
 * No classpath scanning and no reflection on the request path.
 */
@NullMarked
package io.ember.core.application;

import org.jspecify.annotations.NullMarked;
