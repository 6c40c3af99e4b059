package io.ember.core.application;

import io.ember.core.model.ModelMetadata;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A registered datasource: its name, the datasource, and its schema step (bound to it), if any.
 *
 * @param schema the schema step, given the discovered models; {@code null} for none
 */
record DataSourceEntry(String name, ManagedDataSource dataSource,
                       @Nullable Function<List<ModelMetadata<?>>, Mono<Void>> schema) {
}
