package io.ember.r2dbc.http;

import io.ember.core.error.PersistenceException;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the HTTP layer refuses before (or instead of) asking the repository: a body that is not
 * JSON, an unknown field, an id of the wrong type, a body too large, a row that is not there. Carries
 * the status, a stable code and the place in the request ({@code body.email}, {@code id}).
 */
final class HttpProblem extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String code;
    private final String path;

    HttpProblem(HttpResponseStatus status, String code, String path, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.path = path;
    }

    static HttpProblem badBody(String path, String message) {
        return new HttpProblem(HttpResponseStatus.BAD_REQUEST, "INVALID_BODY", path, message);
    }

    static HttpProblem notFound(String what) {
        return new HttpProblem(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "", what + " not found");
    }

    HttpResponseStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    String path() {
        return path;
    }
}
