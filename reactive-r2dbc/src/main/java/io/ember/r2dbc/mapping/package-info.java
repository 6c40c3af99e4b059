/**
 * Conversion between model values and the driver's types, and rows into model instances.
 */
@NullMarked
package io.ember.r2dbc.mapping;

import org.jspecify.annotations.NullMarked;
