package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A property that is never selected, returned or included (a password hash, say). Reads leave it
 * {@code null} unless a field selection names it explicitly (code inside the service asking for it).
 * Filters that arrive from outside may not name it.
 *
 * <p>Writes, so that an entity read, changed and written back never wipes it:
 * <ul>
 *   <li>{@code create} and {@code createAll} write the value given ({@code null} is NULL);</li>
 *   <li>{@code replaceById} and {@code upsert} leave the stored value untouched when the entity's is
 *       {@code null}, and write it when it is set;</li>
 *   <li>a patch writes it only when it names it: {@code Patch.of("passwordHash", hash)} sets it,
 *       {@code Patch.of("passwordHash", null)} clears it on purpose.</li>
 * </ul>
 * Its bind values are logged as {@code <hidden>} under {@code io.ember.sql.params}, in writes and in
 * where conditions alike.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Hidden {
}
