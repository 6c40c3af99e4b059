package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A check constraint: {@code @Check("length(name) > 0")}. The expression is the model author's SQL
 * over column names, written into the DDL as is: never build it from user input. Enum properties get
 * their {@code IN (...)} check without this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
@Repeatable(Check.List.class)
public @interface Check {

    /** The boolean SQL expression. */
    String value();

    /**
     * The constraint name; empty means {@code <table>_<column>_check} on a component and
     * {@code <table>_check<n>} (n counting from 1) on the model.
     */
    String name() default "";

    /** Several {@link Check} on one model. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
    @interface List {

        /** The checks. */
        Check[] value();
    }
}
