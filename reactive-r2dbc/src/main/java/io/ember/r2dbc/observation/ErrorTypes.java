package io.ember.r2dbc.observation;

import io.ember.core.error.PersistenceException;
import org.jspecify.annotations.Nullable;

/** The {@code error.type} of a statement's end: the SQLSTATE, else the exception's simple name. */
final class ErrorTypes {

    private ErrorTypes() {
    }

    static String of(@Nullable Throwable error, boolean cancelled) {
        if (cancelled) {
            return DbKeys.CANCELLED;
        }
        if (error == null) {
            return DbKeys.NONE;
        }
        String state = sqlState(error);
        if (state != null) {
            return state;
        }
        String name = error.getClass().getSimpleName();
        return name.isEmpty() ? error.getClass().getName() : name;
    }

    static @Nullable String sqlState(Throwable error) {
        return error instanceof PersistenceException p ? p.sqlState() : null;
    }
}
