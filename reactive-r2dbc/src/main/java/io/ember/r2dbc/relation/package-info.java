/**
 * Loading relations ({@code include}): one statement per relation per level, whatever the number of
 * parents, parents read and completed in chunks. Internal: {@link io.ember.r2dbc.relation.Inclusions}
 * is public only for the repository package.
 */
@NullMarked
package io.ember.r2dbc.relation;

import org.jspecify.annotations.NullMarked;
