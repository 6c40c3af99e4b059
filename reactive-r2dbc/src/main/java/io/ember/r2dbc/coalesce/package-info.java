/**
 * Coalesced point reads: concurrent lookups by id on one repository, outside transactions, that
 * would otherwise wait for a connection, merged into one {@code WHERE id = ANY($1)} statement whose
 * rows go back to each caller, in the style of a data loader. Internal:
 * {@link io.ember.r2dbc.coalesce.PointReads} is public only for the repository package.
 */
@NullMarked
package io.ember.r2dbc.coalesce;

import org.jspecify.annotations.NullMarked;
