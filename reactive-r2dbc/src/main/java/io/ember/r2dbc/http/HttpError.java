package io.ember.r2dbc.http;

import io.ember.core.error.CheckViolationException;
import io.ember.core.error.ConcurrencyFailureException;
import io.ember.core.error.ConnectionException;
import io.ember.core.error.DataIntegrityException;
import io.ember.core.error.DataSourceClosedException;
import io.ember.core.error.ForeignKeyViolationException;
import io.ember.core.error.InvalidDataException;
import io.ember.core.error.InvalidFilterException;
import io.ember.core.error.NotFoundException;
import io.ember.core.error.NotNullViolationException;
import io.ember.core.error.OptimisticLockException;
import io.ember.core.error.PoolExhaustedException;
import io.ember.core.error.QueryTimeoutException;
import io.ember.core.error.ReadOnlyException;
import io.ember.core.error.UniqueViolationException;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;

/**
 * What a client is told about a failure: a status, a stable code, a message and the place in the
 * request it concerns. Built from the exception by {@link #of(Throwable)}, which never copies a
 * server message, SQL, bind values or a stack trace: only the filter's path, the constraint's name
 * and texts written here.
 *
 * @param status  the HTTP status
 * @param code    a stable, upper-case code ({@code INVALID_FILTER}, {@code UNIQUE_VIOLATION}...)
 * @param message a sentence for a person
 * @param path    the place in the filter or body ({@code where.age.gte}, {@code body.email}), or {@code null}
 */
record HttpError(HttpResponseStatus status, String code, String message, @Nullable String path) {

    /** Whether the server is at fault (5xx), and the failure is worth a log line. */
    boolean isServerError() {
        return status.code() >= 500;
    }

    static HttpError of(Throwable e) {
        if (e instanceof HttpProblem p) {
            return new HttpError(HttpResponseStatus.valueOf(p.status()), p.code(), p.getMessage(), p.path().isEmpty() ? null : p.path());
        }
        if (e instanceof InvalidFilterException f) {
            return new HttpError(HttpResponseStatus.BAD_REQUEST, "INVALID_FILTER", f.getMessage(),
                    f.path().isEmpty() ? "filter" : f.path());
        }
        if (e instanceof UniqueViolationException u) {
            return conflict("UNIQUE_VIOLATION", "a row with the same value already exists", u.constraint());
        }
        if (e instanceof ForeignKeyViolationException f) {
            return conflict("FOREIGN_KEY_VIOLATION", "the row refers to a row that does not exist, or is referred to",
                    f.constraint());
        }
        if (e instanceof NotNullViolationException) {
            return new HttpError(HttpResponseStatus.BAD_REQUEST, "NOT_NULL_VIOLATION", "a required value is missing", null);
        }
        if (e instanceof CheckViolationException c) {
            return new HttpError(HttpResponseStatus.BAD_REQUEST, "CHECK_VIOLATION", "a value breaks a rule of the"
                    + " database (" + named(c.constraint()) + ")", null);
        }
        if (e instanceof DataIntegrityException d) {
            return conflict("INTEGRITY_VIOLATION", "the data breaks a rule of the database", d.constraint());
        }
        if (e instanceof InvalidDataException) {
            return new HttpError(HttpResponseStatus.BAD_REQUEST, "INVALID_DATA",
                    "a value cannot be stored as given (out of range, too long or malformed)", null);
        }
        if (e instanceof OptimisticLockException) {
            return new HttpError(HttpResponseStatus.CONFLICT, "VERSION_CONFLICT",
                    "the row was changed by someone else; read it again", null);
        }
        if (e instanceof ReadOnlyException) {
            return new HttpError(HttpResponseStatus.METHOD_NOT_ALLOWED, "READ_ONLY", "this resource is read-only", null);
        }
        if (e instanceof NotFoundException) {
            return new HttpError(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "not found", null);
        }
        if (e instanceof PoolExhaustedException || e instanceof DataSourceClosedException
                || e instanceof ConnectionException || e instanceof ConcurrencyFailureException) {
            return new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                    "the database is busy or unavailable; try again later", null);
        }
        if (e instanceof QueryTimeoutException) {
            return new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, "TIMEOUT", "the request took too long", null);
        }
        if (e instanceof IllegalArgumentException) {
            // Repository argument checks (a patch naming the id, an update of every row without force):
            // their messages name properties of the model, never values.
            return new HttpError(HttpResponseStatus.BAD_REQUEST, "INVALID_REQUEST", String.valueOf(e.getMessage()), null);
        }
        return new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "internal error", null);
    }

    private static HttpError conflict(String code, String message, @Nullable String constraint) {
        return new HttpError(HttpResponseStatus.CONFLICT, code, message + " (" + named(constraint) + ")", null);
    }

    private static String named(@Nullable String constraint) {
        return constraint == null ? "unnamed constraint" : "constraint " + constraint;
    }
}
