package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The column's {@code DEFAULT}, as SQL text: {@code @Default("0")}, {@code @Default("now()")},
 * {@code @Default("'draft'")}. It is the model author's SQL, written into the DDL as is: never build it
 * from user input. It matters for rows written outside Ember and for columns added to tables with rows.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Default {

    /** The default expression. */
    String value();
}
