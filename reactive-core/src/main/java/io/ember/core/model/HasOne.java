package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A to-one relation whose foreign key lives on the target. The component is {@code null} unless included. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface HasOne {

    /** The related model; defaults to the component's type. */
    Class<?> target() default void.class;

    /** The property of the target that references this model's key. */
    String foreignKey();

    /** The property of this model it references; defaults to this model's id. */
    String references() default "";
}
