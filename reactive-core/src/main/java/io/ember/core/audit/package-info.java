/**
 * Audit users: who writes a row. The acting user travels in the Reactor {@code Context}
 * ({@link io.ember.core.audit.Auditor}); repositories write it into a model's
 * {@link io.ember.core.model.CreatedBy} and {@link io.ember.core.model.ModifiedBy} properties, and
 * {@link io.ember.core.audit.AnonymousWrites} says what a write without one does.
 */
@NullMarked
package io.ember.core.audit;

import org.jspecify.annotations.NullMarked;
