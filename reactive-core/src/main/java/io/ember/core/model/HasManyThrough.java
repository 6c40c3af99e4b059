package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A many-to-many relation through a junction model: {@code Post.tags} through {@code PostTag},
 * whose {@code foreignKey} references this model and whose {@code targetKey} references the target.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface HasManyThrough {

    /** The related model; defaults to the list's element type. */
    Class<?> target() default void.class;

    /** The junction model. */
    Class<?> through();

    /** The junction's property that references this model's id. */
    String foreignKey();

    /** The junction's property that references the target's id. */
    String targetKey();
}
