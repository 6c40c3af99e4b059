package io.ember.r2dbc.error;

import io.ember.core.error.BadSqlException;
import io.ember.core.error.CheckViolationException;
import io.ember.core.error.ConcurrencyFailureException;
import io.ember.core.error.DataIntegrityException;
import io.ember.core.error.ForeignKeyViolationException;
import io.ember.core.error.InvalidDataException;
import io.ember.core.error.InvalidFilterException;
import io.ember.core.error.NotNullViolationException;
import io.ember.core.error.PersistenceException;
import io.ember.core.error.QueryTimeoutException;
import io.ember.core.error.ReadOnlyException;
import io.ember.core.error.UniqueViolationException;
import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcException;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns driver errors into Ember's typed exceptions by SQLSTATE, keeping the server's details and the SQL. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * The Ember exception for an error raised while running {@code sql}. An invalid regular
     * expression (SQLSTATE 2201B) or LIKE escape (22025) can only come from a filter's operand, so it
     * becomes an {@link InvalidFilterException} at path {@code where}; the rest of class 22 (a value the
     * column's type refuses) an {@link InvalidDataException}. Ember's own exceptions pass
     * through; other non-driver errors are returned unchanged.
     */
    public static Throwable translate(Throwable error, @Nullable String sql) {
        return translate(error, sql, List.of());
    }

    /**
     * As {@link #translate(Throwable, String)} for an error of a statement: the server's message and
     * detail (a unique violation's {@code Key (col)=(value)}) show {@link SqlStatement#MASK} in place of
     * the statement's {@code @Hidden} values.
     */
    public static Throwable translateMasked(Throwable error, SqlStatement statement) {
        return translate(error, statement.sql(), HiddenValues.of(statement));
    }

    private static Throwable translate(Throwable error, @Nullable String sql, List<String> hidden) {
        if (error instanceof PersistenceException || !(error instanceof R2dbcException r2dbc)) {
            return error;
        }
        String state = r2dbc.getSqlState();
        String constraint = null;
        String table = null;
        String column = null;
        String message = r2dbc.getMessage();
        if (error instanceof PostgresqlException pg) {
            ErrorDetails details = pg.getErrorDetails();
            constraint = details.getConstraintName().orElse(null);
            table = details.getTableName().orElse(null);
            column = details.getColumnName().orElse(null);
            message = details.getMessage() + details.getDetail().map(d -> " (" + d + ")").orElse("");
        }
        message = HiddenValues.mask(message, hidden);
        if (state == null) {
            return new PersistenceException(message, null, constraint, table, sql, error);
        }
        return switch (state) {
            case "23505" -> new UniqueViolationException(message, state, constraint, table, sql, error);
            case "23503" -> new ForeignKeyViolationException(message, state, constraint, table, sql, error);
            case "23502" -> new NotNullViolationException(message, state, constraint, table, sql, error);
            case "23514" -> new CheckViolationException(message, state, constraint, table, sql, error);
            case "40001", "40P01" -> new ConcurrencyFailureException(message, state, constraint, table, sql, error);
            case "57014" -> new QueryTimeoutException(message, state, constraint, table, sql, error);
            case "25006" -> new ReadOnlyException(message, state, sql == null ? "" : sql, error);
            // a pattern from a filter that PostgreSQL cannot compile: the filter is at fault, not the SQL
            case "2201B", "22025" -> new InvalidFilterException("where", "PostgreSQL refused a pattern: " + message);
            default -> state.startsWith("22") ? new InvalidDataException(message, state, column, table, sql, error)
                    : byClass(state, message, constraint, table, sql, error);
        };
    }

    private static PersistenceException byClass(String state, String message, @Nullable String constraint,
                                                @Nullable String table, @Nullable String sql, Throwable error) {
        if (state.startsWith("23")) {
            return new DataIntegrityException(message, state, constraint, table, sql, error);
        }
        if (state.startsWith("42")) {
            return new BadSqlException(message, state, constraint, table, sql, error);
        }
        return new PersistenceException(message, state, constraint, table, sql, error);
    }
}
