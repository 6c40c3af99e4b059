/**
 * Keyset paging: the unique order of a read ({@link io.ember.core.filter.keyset.Keyset}: the
 * filter's order plus the id) and its signed continuation tokens
 * ({@link io.ember.core.filter.keyset.KeysetSigner}, HMAC-SHA256 with a key the application supplies).
 */
@NullMarked
package io.ember.core.filter.keyset;

import org.jspecify.annotations.NullMarked;
