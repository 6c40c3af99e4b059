package io.ember.r2dbc.sql;

import io.ember.core.filter.keyset.Keyset;
import io.ember.core.model.Names;
import io.ember.r2dbc.mapping.Values;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders "the rows after this position" of a keyset and its ORDER BY. When every key sorts the same
 * way and none may be NULL, one row comparison, {@code (a, b) > ($1, $2)} ({@code <} descending),
 * which PostgreSQL reads from a matching index; otherwise the expanded form, one disjunct per key:
 * {@code a > $1 OR (a = $1 AND b > $2) OR …}, where a NULL value is compared with {@code IS NULL},
 * and a nullable key also admits the NULLs that sort after a value ({@code a > $1 OR a IS NULL} when
 * NULLs come last; after a NULL, only {@code IS NOT NULL} when NULLs come first, nothing when last).
 * Each value is bound once and its placeholder repeated.
 */
final class KeysetSql {

    private KeysetSql() {
    }

    /** The ORDER BY items, each with its direction and NULLS placement spelled out. */
    static void orderBy(SqlBuilder out, List<Keyset.Key> keys) {
        out.append(" ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            Keyset.Key key = keys.get(i);
            out.append(i == 0 ? "" : ", ").append(column(key)).append(key.descending() ? " DESC" : " ASC")
                    .append(key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
        }
    }

    /** The condition of the rows after the position {@code after} (one value per key), parenthesized. */
    static void after(SqlBuilder out, List<Keyset.Key> keys, List<@Nullable Object> after) {
        List<@Nullable String> params = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Object value = after.get(i);
            params.add(value == null ? null : out.placeholder(Values.toDriver(keys.get(i).property(), value),
                    keys.get(i).property().hidden()));
        }
        if (rowComparable(keys)) {
            String op = keys.get(0).descending() ? " < " : " > ";
            if (keys.size() == 1) {
                out.append('(').append(column(keys.get(0))).append(op).append(params.get(0)).append(')');
                return;
            }
            StringBuilder columns = new StringBuilder();
            keys.forEach(k -> columns.append(columns.length() == 0 ? "" : ", ").append(column(k)));
            out.append("((").append(columns.toString()).append(')').append(op).append('(')
                    .append(String.join(", ", params)).append("))");
            return;
        }
        List<String> terms = new ArrayList<>();
        StringBuilder equal = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            Keyset.Key key = keys.get(i);
            String param = params.get(i);
            String beyond = beyond(key, param);
            if (beyond != null) {
                terms.add(equal.length() == 0 ? beyond : equal + " AND " + beyond);
            }
            equal.append(equal.length() == 0 ? "" : " AND ").append(column(key))
                    .append(param == null ? " IS NULL" : " = " + param);
        }
        out.append(terms.isEmpty() ? "(FALSE)" : "((" + String.join(") OR (", terms) + "))");
    }

    /** Whether {@code (a, b) > (x, y)} means "after": one direction, no NULLs. */
    static boolean rowComparable(List<Keyset.Key> keys) {
        for (Keyset.Key key : keys) {
            if (key.nullable() || key.descending() != keys.get(0).descending()) {
                return false;
            }
        }
        return true;
    }

    /** The values of this key that sort after {@code param} ({@code null}: a NULL), or {@code null} for none. */
    private static @Nullable String beyond(Keyset.Key key, @Nullable String param) {
        String c = column(key);
        if (param == null) {
            return key.nullsFirst() ? c + " IS NOT NULL" : null;
        }
        String compared = c + (key.descending() ? " < " : " > ") + param;
        return key.nullable() && !key.nullsFirst() ? "(" + compared + " OR " + c + " IS NULL)" : compared;
    }

    private static String column(Keyset.Key key) {
        return Names.quote(key.property().column());
    }
}
