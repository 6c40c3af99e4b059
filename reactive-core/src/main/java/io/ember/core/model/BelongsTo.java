package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A to-one relation whose foreign key lives on this model: {@code Post.author} belongs to a
 * {@code User} through {@code Post.authorId}. The component is {@code null} unless included.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface BelongsTo {

    /** The related model; defaults to the component's type. */
    Class<?> target() default void.class;

    /** The property of this model holding the key; defaults to the relation name + "Id". */
    String foreignKey() default "";

    /** The property of the target it references; defaults to the target's id. */
    String references() default "";

    /** What the database does to this row when the referenced one is deleted (the generated foreign key). */
    OnDelete onDelete() default OnDelete.NO_ACTION;
}
