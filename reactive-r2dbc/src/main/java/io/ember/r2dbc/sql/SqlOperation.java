package io.ember.r2dbc.sql;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a statement does, as metrics and traces name it (the OpenTelemetry database conventions'
 * {@code db.operation.name} and {@code db.collection.name}). Ember's own statements carry the one
 * their renderer knows ({@code SELECT} on the model's table); any other statement is named by the
 * first keyword of its text, with no collection.
 *
 * @param name       the operation: {@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE},
 *                   {@code COPY}, or another statement's first keyword, upper case
 * @param collection the table the statement works on, schema-qualified when the model names a
 *                   schema, unquoted; {@code null} when unknown
 */
public record SqlOperation(String name, @Nullable String collection) {

    public SqlOperation {
        Objects.requireNonNull(name, "name");
    }

    /** The operation of a statement Ember did not render: its first keyword, upper case, no collection. */
    public static SqlOperation firstKeyword(String sql) {
        int start = 0;
        int length = sql.length();
        while (start < length && !Character.isLetter(sql.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < length && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        return new SqlOperation(end == start ? "UNKNOWN" : sql.substring(start, end).toUpperCase(Locale.ROOT), null);
    }
}
