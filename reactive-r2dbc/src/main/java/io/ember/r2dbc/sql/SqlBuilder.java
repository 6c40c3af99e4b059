package io.ember.r2dbc.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Accumulates SQL text and its bind values; {@link #bind(Object)} appends the next {@code $n}.
 * Binds of {@code @Hidden} values are marked secret, so logs mask them.
 */
final class SqlBuilder {

    private final StringBuilder sql = new StringBuilder(128);
    private final List<Object> binds = new ArrayList<>();
    private final Set<Integer> secrets = new HashSet<>();
    private final @Nullable SqlOperation operation;

    /** A builder of a statement whose operation is named by its first keyword. */
    SqlBuilder() {
        this(null);
    }

    /** A builder of a statement that does {@code operation}. */
    SqlBuilder(@Nullable SqlOperation operation) {
        this.operation = operation;
    }

    SqlBuilder append(String text) {
        sql.append(text);
        return this;
    }

    SqlBuilder append(char c) {
        sql.append(c);
        return this;
    }

    /** Appends a placeholder for the value and returns it, so it can be repeated. */
    String bind(Object value) {
        String placeholder = placeholder(value);
        sql.append(placeholder);
        return placeholder;
    }

    /** As {@link #bind(Object)}; a secret value is masked in logs. */
    String bind(Object value, boolean secret) {
        if (secret) {
            secrets.add(binds.size());
        }
        return bind(value);
    }

    /** Adds a bind value without appending its placeholder, which it returns. */
    String placeholder(Object value) {
        binds.add(value);
        return "$" + binds.size();
    }

    /** As {@link #placeholder(Object)}; a secret value is masked in logs. */
    String placeholder(Object value, boolean secret) {
        if (secret) {
            secrets.add(binds.size());
        }
        return placeholder(value);
    }

    /** The number of values bound so far. */
    int bindCount() {
        return binds.size();
    }

    /** Marks the binds from index {@code from} (0-based) on as secret. */
    void secretFrom(int from) {
        for (int i = from; i < binds.size(); i++) {
            secrets.add(i);
        }
    }

    int length() {
        return sql.length();
    }

    SqlStatement build() {
        return new SqlStatement(sql.toString(), binds, secrets, operation);
    }
}
