package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** A connection was asked of a datasource that is closed or closing. Not retryable. */
public final class DataSourceClosedException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final String dataSource;

    public DataSourceClosedException(String dataSource, @Nullable Throwable cause) {
        super("Datasource '" + dataSource + "' is closed", cause);
        this.dataSource = dataSource;
    }

    /** The name of the closed datasource (its pool's name). */
    public String dataSource() {
        return dataSource;
    }
}
