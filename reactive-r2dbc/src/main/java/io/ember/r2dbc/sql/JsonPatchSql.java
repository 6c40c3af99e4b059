package io.ember.r2dbc.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the new value of a jsonb column that a patch writes keys into. Each key is one step of a
 * chain of {@code LATERAL} subqueries over the document, so several keys of one column apply in order
 * and the text grows linearly with them:
 *
 * <pre>
 * (SELECT ember_j2.d FROM (SELECT COALESCE(NULLIF("metadata", 'null'::jsonb), '{}'::jsonb) AS d) ember_j0
 *   CROSS JOIN LATERAL (SELECT CASE WHEN ok THEN jsonb_set(…) ELSE jsonb_path_query_first(…) END AS d) ember_j1 …)
 * </pre>
 *
 * A step creates the objects its path names that are missing (a JSON {@code null} counts as missing),
 * then sets the key. When the path cannot be written, because it runs through a scalar or an array
 * where an object is needed, or an array index is past the end of its array (or into a missing
 * array), the step evaluates the same path as a strict SQL/JSON path instead, which makes PostgreSQL
 * fail the statement with a SQLSTATE of class 22 ({@code 2203x}): nothing is written, never silently.
 * Every path, index and value is a bind parameter.
 */
final class JsonPatchSql {

    private static final String DOC = "ember_j";

    private JsonPatchSql() {
    }

    /** Appends the expression of the column's new value. */
    static void render(SqlBuilder out, String quotedColumn, List<Assignment.SetJsonPath> keys) {
        out.append("(SELECT ").append(DOC + keys.size()).append(".d FROM (SELECT COALESCE(NULLIF(")
                .append(quotedColumn).append(", 'null'::jsonb), '{}'::jsonb) AS d) ").append(DOC + "0");
        for (int k = 0; k < keys.size(); k++) {
            out.append(" CROSS JOIN LATERAL (SELECT ");
            step(out, DOC + k + ".d", keys.get(k));
            out.append(" AS d) ").append(DOC + (k + 1));
        }
        out.append(')');
    }

    private static void step(SqlBuilder out, String doc, Assignment.SetJsonPath key) {
        List<String> path = key.path();
        int n = path.size();
        List<String> prefixes = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            prefixes.add(out.placeholder(path.subList(0, i).toArray(String[]::new)));
        }
        StringBuilder ok = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String container = i == 0 ? doc : "(" + doc + " #> " + prefixes.get(i - 1) + ")";
            if (i > 0) {
                ok.append(" AND ");
            }
            String segment = path.get(i);
            if (isIndex(segment)) {
                ok.append("CASE WHEN jsonb_typeof(").append(container).append(") = 'array' THEN jsonb_array_length(")
                        .append(container).append(") > ").append(out.placeholder(Integer.valueOf(segment)))
                        .append(" ELSE false END");
            } else {
                ok.append("COALESCE(jsonb_typeof(").append(container).append("), 'object') IN ('object', 'null')");
            }
        }
        String build = doc;
        for (int i = 1; i < n; i++) {
            if (!isIndex(path.get(i))) {
                String prefix = prefixes.get(i - 1);
                build = "jsonb_set(" + build + ", " + prefix + ", COALESCE(NULLIF(" + doc + " #> " + prefix
                        + ", 'null'::jsonb), '{}'::jsonb), true)";
            }
        }
        build = "jsonb_set(" + build + ", " + prefixes.get(n - 1) + ", " + out.placeholder(key.json()) + ", true)";
        String strict = out.placeholder(strictPath(path));
        out.append("CASE WHEN ").append(ok.toString()).append(" THEN ").append(build)
                .append(" ELSE jsonb_path_query_first(").append(doc).append(", ").append(strict)
                .append("::jsonpath) END");
    }

    /** {@code strict $."a"[2]."b"}: keys are {@code [A-Za-z_][A-Za-z0-9_-]*} (checked when parsed), so quoting is plain. */
    static String strictPath(List<String> path) {
        StringBuilder s = new StringBuilder("strict $");
        for (String segment : path) {
            if (isIndex(segment)) {
                s.append('[').append(segment).append(']');
            } else {
                s.append(".\"").append(segment).append('"');
            }
        }
        return s.toString();
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && Character.isDigit(segment.charAt(0));
    }
}
