package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Overrides the column of a property: its name and whether it may hold {@code NULL}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Column {

    /** The column name; empty means the snake_case form of the property name. */
    String value() default "";

    /** Whether the column accepts {@code NULL}; primitives and ids never do. */
    boolean nullable() default true;
}
