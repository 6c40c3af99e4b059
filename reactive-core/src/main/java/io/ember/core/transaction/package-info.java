/**
 * The transaction API: handles for explicit transactions, and the options (isolation, read-only,
 * timeout, propagation) that ambient transactions in the Reactor {@code Context} take.
 */
@NullMarked
package io.ember.core.transaction;

import org.jspecify.annotations.NullMarked;
