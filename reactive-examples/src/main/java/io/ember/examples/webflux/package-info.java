/**
 * The blog as a Spring Boot WebFlux application over Ember: repositories declared with
 * {@code @EnableEmberRepositories}, filters from query strings ({@code FilterPolicy.external()}),
 * includes, and a {@code @Transactional} endpoint writing through two repositories in Spring's
 * transaction. Run it with {@code mvn -B -q -Pwebflux package -DskipTests} (embedded database, port
 * 8080 or {@code $PORT}).
 */
@NullMarked
package io.ember.examples.webflux;

import org.jspecify.annotations.NullMarked;
