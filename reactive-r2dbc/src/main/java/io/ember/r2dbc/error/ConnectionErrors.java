package io.ember.r2dbc.error;

import io.ember.core.error.ConnectionFailedException;
import io.ember.core.error.ConnectionLostException;
import io.ember.core.error.PersistenceException;
import io.r2dbc.spi.R2dbcException;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which driver and pool errors mean that a connection is dead or could not be had, and the typed
 * exceptions they become: {@link ConnectionLostException} for a connection that broke in use,
 * {@link ConnectionFailedException} for one that could not be opened.
 */
public final class ConnectionErrors {

    /** r2dbc-postgresql's message when a statement meets a connection already closed: nothing was sent. */
    private static final String NOT_SENT = "Cannot exchange messages because the connection is closed";

    /** r2dbc-pool's message when the socket check of an idle connection fails at acquire. */
    private static final String VALIDATION_FAILED = "Connection validation failed";

    private ConnectionErrors() {
    }

    /**
     * Whether the error shows that the connection it happened on is dead: SQLSTATE class 08
     * (connection exception), 57P01/57P02 (terminated by an administrator, crash shutdown), a
     * failed socket check, or an I/O error under the driver.
     */
    public static boolean isLost(Throwable error) {
        if (error instanceof ConnectionLostException) {
            return true;
        }
        if (error instanceof PersistenceException) {
            return false;
        }
        if (error instanceof R2dbcException r2dbc) {
            String state = r2dbc.getSqlState();
            if (state != null) {
                return state.startsWith("08") || state.equals("57P01") || state.equals("57P02");
            }
            return VALIDATION_FAILED.equals(r2dbc.getMessage());
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException || t.getClass().getName().equals("reactor.netty.channel.AbortedException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the error happened before anything of the statement was written to the socket (the
     * driver found the connection closed, or the pool's check did): running it again is safe.
     */
    public static boolean nothingSent(Throwable error) {
        String message = String.valueOf(error.getMessage());
        return message.contains(NOT_SENT) || VALIDATION_FAILED.equals(message);
    }

    /**
     * A {@link ConnectionLostException} for an error that {@link #isLost(Throwable) is lost}, raised
     * while running {@code sql} (or {@code null} when the SQL is not known). It is retryable when
     * nothing was sent, or when {@code sql} is a read ({@code SELECT}).
     */
    public static ConnectionLostException lost(Throwable error, @Nullable String sql) {
        if (error instanceof ConnectionLostException lost) {
            return lost;
        }
        String state = error instanceof R2dbcException r2dbc ? r2dbc.getSqlState() : null;
        boolean retryable = nothingSent(error) || isRead(sql);
        return new ConnectionLostException("Connection lost: " + error.getMessage(), state, sql, retryable, error);
    }

    /**
     * A {@link ConnectionFailedException} for an error met while opening or validating a connection
     * to {@code where}: retryable unless the server refused the login (SQLSTATE class 28).
     */
    public static ConnectionFailedException failed(Throwable error, String where) {
        if (error instanceof ConnectionFailedException failed) {
            return failed;
        }
        String state = error instanceof R2dbcException r2dbc ? r2dbc.getSqlState() : null;
        boolean retryable = state == null || !state.startsWith("28");
        return new ConnectionFailedException("Cannot get a connection to " + where + ": " + error.getMessage(),
                state, retryable, error);
    }

    /** Whether the SQL is a plain read: running it again changes nothing. */
    static boolean isRead(@Nullable String sql) {
        if (sql == null) {
            return false;
        }
        String s = sql.stripLeading();
        return s.length() >= 6 && s.substring(0, 6).toUpperCase(Locale.ROOT).equals("SELECT")
                && !s.toUpperCase(Locale.ROOT).contains("NEXTVAL(");
    }
}
