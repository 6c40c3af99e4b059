package io.ember.core.model;

/** What the database does to rows referencing a deleted row ({@link BelongsTo#onDelete()}). */
public enum OnDelete {
    /** Refuse the delete at the end of the statement (PostgreSQL's default). */
    NO_ACTION("NO ACTION"),
    /** Refuse the delete at once. */
    RESTRICT("RESTRICT"),
    /** Delete the referencing rows too. */
    CASCADE("CASCADE"),
    /** Set the referencing column to {@code NULL}. */
    SET_NULL("SET NULL"),
    /** Set the referencing column to its default. */
    SET_DEFAULT("SET DEFAULT");

    private final String sql;

    OnDelete(String sql) {
        this.sql = sql;
    }

    /** The SQL words ({@code SET NULL}). */
    public String sql() {
        return sql;
    }
}
