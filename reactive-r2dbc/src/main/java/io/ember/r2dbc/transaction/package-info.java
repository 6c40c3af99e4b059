/**
 * Transactions: ambient ones in the Reactor {@code Context} and explicit handles.
 */
@NullMarked
package io.ember.r2dbc.transaction;

import org.jspecify.annotations.NullMarked;
