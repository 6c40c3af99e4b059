package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The database refused a value as data (SQLSTATE class 22): text that is not a valid value of the
 * column's type (22P02), a number out of the column's range (22003), a string too long for its
 * column (22001), an invalid or out-of-range date or time (22007, 22008), a JSON path a patch cannot
 * write (220xx, 2203x). Carries the column when PostgreSQL names it, which it rarely does for this
 * class; the server's message says which value it refused.
 */
public class InvalidDataException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String column;

    public InvalidDataException(String message, @Nullable String sqlState, @Nullable String column,
                                @Nullable String table, @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, null, table, sql, cause);
        this.column = column;
    }

    /** The column PostgreSQL named, or {@code null} when it named none. */
    public @Nullable String column() {
        return column;
    }
}
