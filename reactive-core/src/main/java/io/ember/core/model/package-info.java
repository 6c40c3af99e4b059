/**
 * Model definitions: the annotations that describe a persistent record and the metadata Ember
 * reads from them once per model ({@link io.ember.core.model.ModelMetadata#of(Class)}).
 */
@NullMarked
package io.ember.core.model;

import org.jspecify.annotations.NullMarked;
