package io.ember.core.error;

import java.util.List;

/**
 * The database does not match the models: every mismatch found (a missing table or column, a column of
 * another type, a column whose nullability differs), one per line of the message and in {@link #mismatches()}.
 */
public final class SchemaMismatchException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final List<String> mismatches;

    /**
     * A mismatch report.
     *
     * @param mismatches each mismatch in words ({@code "posts.title: missing column"}); not empty
     */
    public SchemaMismatchException(List<String> mismatches) {
        super("The database does not match the models (" + mismatches.size() + " mismatch"
                + (mismatches.size() == 1 ? "" : "es") + "):\n  " + String.join("\n  ", mismatches));
        this.mismatches = List.copyOf(mismatches);
    }

    /** Each mismatch in words, in model order. */
    public List<String> mismatches() {
        return mismatches;
    }
}
