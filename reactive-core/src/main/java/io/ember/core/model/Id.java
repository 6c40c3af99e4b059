package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the primary-key component of a model. One component carries it, or several for a composite
 * key (a junction table's {@code (post_id, tag_id)}), each then with {@code strategy = IdStrategy.CLIENT}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Id {

    /** How the key is produced; {@link IdStrategy#IDENTITY} by default. */
    IdStrategy strategy() default IdStrategy.IDENTITY;
}
