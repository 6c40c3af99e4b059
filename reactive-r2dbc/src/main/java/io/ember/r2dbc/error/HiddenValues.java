package io.ember.r2dbc.error;

import io.ember.r2dbc.mapping.NullValue;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The text forms of a statement's {@code @Hidden} bind values, and their masking in a server message. */
final class HiddenValues {

    private HiddenValues() {
    }

    /** The hidden values' text, longest first (so a value containing another is masked whole). */
    static List<String> of(SqlStatement statement) {
        if (statement.secrets().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i : statement.secrets()) {
            Object value = statement.binds().get(i);
            if (value instanceof Object[] array) {
                for (Object item : array) {
                    add(out, item);
                }
            } else if (!(value instanceof NullValue)) {
                add(out, value);
            }
        }
        out.sort(Comparator.comparingInt(String::length).reversed());
        return out;
    }

    static String mask(String message, List<String> hidden) {
        String out = message;
        for (String value : hidden) {
            out = out.replace(value, SqlStatement.MASK);
        }
        return out;
    }

    private static void add(List<String> out, Object value) {
        if (value != null) {
            String text = value instanceof io.r2dbc.postgresql.codec.Json json ? json.asString() : value.toString();
            if (!text.isEmpty()) {
                out.add(text);
            }
        }
    }
}
