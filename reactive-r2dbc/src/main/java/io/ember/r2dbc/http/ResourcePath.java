package io.ember.r2dbc.http;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

/** The path of a request without its query string, and the id segment after a resource's base path. */
final class ResourcePath {

    private ResourcePath() {
    }

    /** The request's path, without the query string ({@code /users/42}). */
    static String of(HttpServerRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The segment after {@code basePath + "/"} when it is the last one ({@code 42} of {@code /users/42}), else {@code null}. */
    static @Nullable String idSegment(String basePath, HttpServerRequest request) {
        String path = of(request);
        if (path.length() <= basePath.length() + 1 || !path.startsWith(basePath) || path.charAt(basePath.length()) != '/') {
            return null;
        }
        String segment = path.substring(basePath.length() + 1);
        return segment.indexOf('/') < 0 ? segment : null;
    }
}
