package io.ember.r2dbc.http;

import io.ember.core.error.PersistenceException;
import java.util.Objects;

/**
 * A request the HTTP layer refuses before (or instead of) asking a repository: a body that is not
 * JSON, an unknown field, an id of the wrong type, a body too large, a row that is not there. Carries
 * the status, a stable code and the place in the request it concerns ({@code body.email}, {@code id}),
 * which {@link HttpReplies#error} writes as the error body. Handlers of your own may throw or emit one
 * (a 409 {@code ALREADY_PUBLISHED}, say); its message reaches the client, so keep data out of it.
 */
public final class HttpProblem extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String path;

    /**
     * @param status  the HTTP status, 400 to 599
     * @param code    a stable, upper-case code ({@code ALREADY_PUBLISHED})
     * @param path    the place in the request ({@code body.email}, {@code id}), or {@code ""} for none
     * @param message a sentence for the client, without data it should not see
     */
    public HttpProblem(int status, String code, String path, String message) {
        super(Objects.requireNonNull(message, "message"));
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400 to 599, was " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.path = Objects.requireNonNull(path, "path");
    }

    static HttpProblem badBody(String path, String message) {
        return new HttpProblem(400, "INVALID_BODY", path, message);
    }

    /** A 404 {@code NOT_FOUND} for a row of that kind ({@code "Post"}). */
    public static HttpProblem notFound(String what) {
        return new HttpProblem(404, "NOT_FOUND", "", what + " not found");
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The stable code. */
    public String code() {
        return code;
    }

    /** The place in the request, or {@code ""}. */
    public String path() {
        return path;
    }
}
