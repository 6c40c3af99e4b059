/**
 * The repository API: type-safe CRUD over a model that returns cold {@code Mono}/{@code Flux}
 * publishers, with per-call {@link io.ember.core.repository.Options}.
 */
@NullMarked
package io.ember.core.repository;

import org.jspecify.annotations.NullMarked;
