package io.ember.core.error;

/** A write through a read-only repository, or inside a read-only transaction (SQLSTATE 25006). */
public final class ReadOnlyException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public ReadOnlyException(String message) {
        super(message);
    }

    public ReadOnlyException(String message, String sqlState, String sql, Throwable cause) {
        super(message, sqlState, null, null, sql, cause);
    }
}
