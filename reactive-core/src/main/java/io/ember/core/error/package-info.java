/**
 * The exceptions Ember emits: one hierarchy under {@link io.ember.core.error.PersistenceException},
 * each carrying what the database said (SQLSTATE, constraint, table) and the SQL that failed.
 */
@NullMarked
package io.ember.core.error;

import org.jspecify.annotations.NullMarked;
