package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The user who created the row: written once, on insert, from the acting user in the Reactor
 * {@code Context} ({@link io.ember.core.audit.Auditor}), never from the entity, and never changed by an
 * update, a replace or an upsert that updates. A {@code String}, {@code UUID}, {@code Long} or
 * {@code Integer} (boxed: an anonymous write the repository allows leaves it null); at most one per model.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface CreatedBy {
}
