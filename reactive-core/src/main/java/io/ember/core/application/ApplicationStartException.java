package io.ember.core.application;

import io.ember.core.error.PersistenceException;
import java.util.List;

/**
 * {@link Application#start()} failed: its message lists every problem found, one per line (a model or
 * relation that cannot work, a relation to a model no repository of the datasource stores, a datasource
 * that could not open, a failed schema step). Not retryable.
 */
public final class ApplicationStartException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An exception listing these problems (at least one). */
    public ApplicationStartException(String application, List<String> problems) {
        super(message(application, problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one sentence each, in the order they were found. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String application, List<String> problems) {
        StringBuilder out = new StringBuilder("Application '").append(application).append("' cannot start: ")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        for (String problem : problems) {
            out.append("\n  - ").append(problem);
        }
        return out.toString();
    }
}
