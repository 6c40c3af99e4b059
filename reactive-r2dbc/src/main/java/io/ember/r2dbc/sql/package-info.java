/**
 * SQL rendering: statements as text with {@code $n} bind parameters, built only from model metadata and filters.
 */
@NullMarked
package io.ember.r2dbc.sql;

import org.jspecify.annotations.NullMarked;
