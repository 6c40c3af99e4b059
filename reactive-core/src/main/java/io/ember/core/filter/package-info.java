/**
 * The filter language: {@link io.ember.core.filter.Filter} with its {@link io.ember.core.filter.Where}
 * tree, order, fields, paging and inclusions. Built in Java or parsed from JSON, the same objects.
 */
@NullMarked
package io.ember.core.filter;

import org.jspecify.annotations.NullMarked;
