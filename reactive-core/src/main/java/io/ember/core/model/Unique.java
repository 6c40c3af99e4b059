package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A unique constraint. On a component it makes that column unique; on the model it names the
 * properties of a composite one ({@code @Unique({"postId", "position"})}). The schema generator
 * creates it as {@code CONSTRAINT <table>_<columns>_key UNIQUE (...)} unless {@link #name()} says otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
@Repeatable(Unique.List.class)
public @interface Unique {

    /** The properties (Java names) of a composite key, on the model; empty on a component. */
    String[] value() default {};

    /** The constraint name; empty means {@code <table>_<columns>_key}. */
    String name() default "";

    /** Several {@link Unique} on one model. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
    @interface List {

        /** The constraints. */
        Unique[] value();
    }
}
