package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a persistent model stored in one table.
 *
 * <pre>{@code
 * @Model(table = "users")
 * public record User(@Id(strategy = IdStrategy.UUID) UUID id, String name) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Model {

    /** The table name; defaults to the snake_case simple name of the record. */
    String table() default "";

    /** The schema; empty means the connection's {@code search_path}. */
    String schema() default "";
}
