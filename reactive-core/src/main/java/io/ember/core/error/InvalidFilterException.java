package io.ember.core.error;

/**
 * A filter that cannot be run: an unknown property, operator or relation, a wrong operand, a bad
 * JSON path, or a limit beyond policy. The message names the path inside the filter
 * ({@code where.or[1].tags.contains}) and what was expected.
 */
public final class InvalidFilterException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final String path;

    public InvalidFilterException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    /** Where in the filter the problem is ({@code where.or[1].tags.contains}). */
    public String path() {
        return path;
    }
}
