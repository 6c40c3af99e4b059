package io.ember.r2dbc.sql;

import java.util.ArrayList;
import java.util.List;

/** Accumulates SQL text and its bind values; {@link #bind(Object)} appends the next {@code $n}. */
final class SqlBuilder {

    private final StringBuilder sql = new StringBuilder(128);
    private final List<Object> binds = new ArrayList<>();

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

    /** Adds a bind value without appending its placeholder, which it returns. */
    String placeholder(Object value) {
        binds.add(value);
        return "$" + binds.size();
    }

    int length() {
        return sql.length();
    }

    SqlStatement build() {
        return new SqlStatement(sql.toString(), binds);
    }
}
