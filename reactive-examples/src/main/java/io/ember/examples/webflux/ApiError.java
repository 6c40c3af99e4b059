package io.ember.examples.webflux;

import org.jspecify.annotations.Nullable;

/**
 * An error the API answers with, in the shape of Ember's HTTP layer:
 * {@code {"error": {"statusCode": 400, "code": "INVALID_FILTER", "message": "...", "path": "where.nope"}}}.
 *
 * @param error the error's details
 */
public record ApiError(Details error) {

    /**
     * @param statusCode the HTTP status
     * @param code       a stable code ({@code INVALID_FILTER}, {@code UNKNOWN_TAG}, {@code NOT_FOUND})
     * @param message    what went wrong
     * @param path       where in the filter or the body, or {@code null}
     */
    public record Details(int statusCode, String code, String message, @Nullable String path) {
    }

    static ApiError of(int statusCode, String code, String message, @Nullable String path) {
        return new ApiError(new Details(statusCode, code, message, path));
    }
}
