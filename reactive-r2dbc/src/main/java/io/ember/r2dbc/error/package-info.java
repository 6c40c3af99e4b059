/**
 * Translation of driver errors into Ember's typed exceptions by SQLSTATE.
 */
@NullMarked
package io.ember.r2dbc.error;

import org.jspecify.annotations.NullMarked;
