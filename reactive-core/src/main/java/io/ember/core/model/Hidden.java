package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A property that is never selected, returned or included (a password hash, say). It is written on
 * insert and update; reads leave it {@code null} unless a field selection names it explicitly (code
 * inside the service asking for it). Filters that arrive from outside may not name it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Hidden {
}
