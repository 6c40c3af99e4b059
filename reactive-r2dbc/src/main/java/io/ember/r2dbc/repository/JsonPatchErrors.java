package io.ember.r2dbc.repository;

import io.ember.core.error.InvalidDataException;
import io.ember.r2dbc.sql.Assignment;
import java.util.List;

/**
 * Names the patch keys when PostgreSQL refused to write a JSON path (SQLSTATE {@code 2203x}, raised
 * by the strict path a patch falls back to when its path cannot be written).
 */
final class JsonPatchErrors {

    private JsonPatchErrors() {
    }

    /** The keys written inside documents, or an empty list. */
    static List<String> keys(List<Assignment> assignments) {
        return assignments.stream().filter(a -> a instanceof Assignment.SetJsonPath)
                .map(a -> ((Assignment.SetJsonPath) a).key()).toList();
    }

    static Throwable explain(Throwable error, List<String> keys) {
        if (keys.isEmpty() || !(error instanceof InvalidDataException data) || data.sqlState() == null
                || !data.sqlState().startsWith("2203")) {
            return error;
        }
        return new InvalidDataException("Patch cannot write " + String.join(", ", keys) + ": a parent on the path is"
                + " not an object (a scalar or an array), or an array index is past the end of its array or into a"
                + " missing one; nothing was written (PostgreSQL: " + data.getMessage() + ")", data.sqlState(),
                data.column(), data.table(), data.sql(), data);
    }
}
