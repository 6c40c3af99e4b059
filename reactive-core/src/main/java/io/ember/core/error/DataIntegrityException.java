package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** A constraint of the database refused the data (SQLSTATE class 23). */
public class DataIntegrityException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public DataIntegrityException(String message, @Nullable String sqlState, @Nullable String constraint, @Nullable String table,
            @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, constraint, table, sql, cause);
    }
}
