/**
 * The blog of the tour and the example service: users, posts (soft-deleted), comments, tags through
 * the {@code post_tags} junction (a composite key), their repositories and their schema.
 */
@NullMarked
package io.ember.examples.blog;

import org.jspecify.annotations.NullMarked;
