package io.ember.core.error;

/**
 * A filter that cannot be run: an unknown property, operator or relation, a wrong operand, a bad
 * JSON path, or a limit beyond policy. The message names the path inside the filter
 * ({@code where.or[1].tags.contains}) and what was expected. The message stays short whatever the
 * input: a path longer than {@value #MAX_PATH} characters or a problem longer than
 * {@value #MAX_PROBLEM} is cut (and ends with {@code ...}), so a hostile filter cannot make a log
 * line or an HTTP answer of megabytes.
 */
public final class InvalidFilterException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /** The longest path kept, in characters. */
    public static final int MAX_PATH = 200;

    /** The longest problem description kept, in characters. */
    public static final int MAX_PROBLEM = 600;

    private final String path;

    /**
     * @param path    where in the filter the problem is ({@code ""} for the filter as a whole)
     * @param problem what is wrong and what was expected
     */
    public InvalidFilterException(String path, String problem) {
        super(path.isEmpty() ? cut(problem, MAX_PROBLEM) : cut(path, MAX_PATH) + ": " + cut(problem, MAX_PROBLEM));
        this.path = cut(path, MAX_PATH);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...";
    }

    /** Where in the filter the problem is ({@code where.or[1].tags.contains}). */
    public String path() {
        return path;
    }
}
