package io.ember.examples.webflux;

/** A {@code POST /posts} names a tag that does not exist; {@code path} is where in the body ({@code tags[1]}). */
final class UnknownTagException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    UnknownTagException(String path, String name) {
        super("no tag named " + name);
        this.path = path;
    }

    String path() {
        return path;
    }
}
