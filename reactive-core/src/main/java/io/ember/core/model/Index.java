package io.ember.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An index. On a component it indexes that column; on the model it names the properties of a
 * multi-column index. The access method defaults to GIN for {@code jsonb} and array columns and to
 * btree otherwise; {@link #where()} makes it partial. Foreign-key columns get no index implicitly:
 * declare one where joins need it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
@Repeatable(Index.List.class)
public @interface Index {

    /** The properties (Java names) indexed, in order, on the model; empty on a component. */
    String[] value() default {};

    /** The index name; empty means {@code <table>_<columns>_idx}. */
    String name() default "";

    /** The access method. */
    Method method() default Method.AUTO;

    /**
     * The predicate of a partial index, as SQL text over column names ({@code "deleted_at IS NULL"}).
     * It is the model author's SQL, written into the DDL as is: never build it from user input.
     */
    String where() default "";

    /** Whether the index is unique (a unique partial index, say). */
    boolean unique() default false;

    /** Index access methods. */
    enum Method {
        /** GIN for {@code jsonb} and arrays, btree for the rest. */
        AUTO,
        /** {@code btree}. */
        BTREE,
        /** {@code gin}. */
        GIN,
        /** {@code hash}. */
        HASH,
        /** {@code brin}. */
        BRIN
    }

    /** Several {@link Index} on one model. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
    @interface List {

        /** The indexes. */
        Index[] value();
    }
}
