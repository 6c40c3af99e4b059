package io.ember.r2dbc.sql;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Conditions on a path inside a jsonb column. Every path is a {@code text[]} parameter. Strings
 * compare as text ({@code #>>}); numbers compare numerically, and only where the stored value is
 * a JSON number (any other value does not match, and never fails a cast); booleans compare as
 * JSON booleans; {@code null} means the path is missing or JSON null.
 *
 * <p>A key segment ({@code name} in {@code friends.name}) applied to an array of objects looks into
 * every element, as LoopBack does: the condition holds when it holds for at least one of the values
 * found. The rendering keeps the plain expression for documents without arrays on the way:
 * {@code CASE WHEN <an array where a key applies> THEN EXISTS (<over the elements>) ELSE <plain> END}.
 * Segments that are numbers index an array (or are keys in an object) and never look into every
 * element.
 */
final class JsonCondition {

    private JsonCondition() {
    }

    static void render(SqlBuilder out, String column, List<String> jsonPath, Operator op, @Nullable Object value,
                       String path) {
        if ((op == Operator.INQ || op == Operator.NIN) && WhereRenderer.list(value, path).isEmpty()) {
            out.append(op == Operator.INQ ? "FALSE" : "TRUE"); // and no path parameter: every $n must be used
            return;
        }
        if (op.isRange() && value == null) {
            out.append("FALSE"); // a comparison with NULL is never true: LoopBack answers no row
            return;
        }
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < jsonPath.size(); i++) {
            if (!isIndex(jsonPath.get(i))) {
                keys.add(i);
            }
        }
        if (keys.isEmpty()) {
            compare(out, column, out.placeholder(segments(jsonPath, 0, jsonPath.size())), op, value, path);
            return;
        }
        out.append("CASE WHEN ");
        for (int i = 0; i < keys.size(); i++) {
            int k = keys.get(i);
            out.append(i > 0 ? " OR jsonb_typeof(" : "jsonb_typeof(")
                    .append(k == 0 ? column : "(" + column + " #> " + out.placeholder(segments(jsonPath, 0, k)) + ")")
                    .append(") = 'array'");
        }
        out.append(" THEN EXISTS (SELECT 1 FROM ");
        String node = keys.get(0) == 0 ? column
                : "(" + column + " #> " + out.placeholder(segments(jsonPath, 0, keys.get(0))) + ")";
        String element = null;
        for (int g = 0; g < keys.size(); g++) {
            element = "ember_j" + (g + 1);
            out.append(g > 0 ? ", " : "").append("jsonb_array_elements(CASE WHEN jsonb_typeof(").append(node)
                    .append(") = 'array' AND ").append(node).append(" <> '[]'::jsonb THEN ").append(node)
                    .append(" ELSE jsonb_build_array(").append(node).append(") END) AS ").append(element).append("(v)");
            if (g + 1 < keys.size()) {
                node = "(" + element + ".v #> " + out.placeholder(segments(jsonPath, keys.get(g), keys.get(g + 1))) + ")";
            }
        }
        out.append(" WHERE ");
        String last = out.placeholder(segments(jsonPath, keys.get(keys.size() - 1), jsonPath.size()));
        compare(out, element + ".v", last, op, value, path);
        out.append(") ELSE ");
        compare(out, column, out.placeholder(segments(jsonPath, 0, jsonPath.size())), op, value, path);
        out.append(" END");
    }

    /** The condition on the value at {@code target #> p}: the plain rendering of every operator. */
    private static void compare(SqlBuilder out, String target, String p, Operator op, @Nullable Object value,
                                String path) {
        String text = "(" + target + " #>> " + p + ")";
        String numeric = "(CASE WHEN jsonb_typeof(" + target + " #> " + p + ") = 'number' THEN " + text
                + "::numeric END)";
        switch (op) {
            case EQ, NEQ -> {
                if (value == null) {
                    out.append(text).append(op == Operator.EQ ? " IS NULL" : " IS NOT NULL");
                } else if (value instanceof Boolean b) {
                    out.append("(").append(target).append(" #> ").append(p).append(")")
                            .append(op == Operator.EQ ? " = " : " <> ").append("to_jsonb(");
                    out.bind(b);
                    out.append("::boolean)");
                } else {
                    scalar(out, value, text, numeric, op == Operator.EQ ? " = " : " <> ", path);
                }
            }
            case GT, GTE, LT, LTE -> scalar(out, WhereRenderer.required(value, path), text, numeric,
                    WhereRenderer.comparison(op), path);
            case INQ, NIN -> {
                Collection<?> list = WhereRenderer.list(value, path);
                boolean numbers = list.stream().filter(Objects::nonNull).allMatch(WhereRenderer::isNumber);
                out.append(numbers ? numeric : text).append(op == Operator.INQ ? " = ANY(" : " <> ALL(");
                out.bind(numbers ? list.stream().map(v -> v == null ? null : WhereRenderer.decimal(v))
                                .toArray(BigDecimal[]::new)
                        : list.stream().map(v -> v == null ? null : textOf(v, path)).toArray(String[]::new));
                out.append(')');
            }
            case BETWEEN, NOT_BETWEEN -> {
                List<?> pair = WhereRenderer.pair(value, path);
                boolean numbers = WhereRenderer.isNumber(pair.get(0)) && WhereRenderer.isNumber(pair.get(1));
                out.append(numbers ? numeric : text).append(op == Operator.BETWEEN ? " BETWEEN " : " NOT BETWEEN ");
                out.bind(numbers ? WhereRenderer.decimal(pair.get(0)) : textOf(pair.get(0), path));
                out.append(" AND ");
                out.bind(numbers ? WhereRenderer.decimal(pair.get(1)) : textOf(pair.get(1), path));
            }
            case LIKE, NLIKE, ILIKE, NILIKE, REGEXP, IREGEXP -> {
                out.append(text).append(WhereRenderer.pattern(op));
                out.bind(WhereRenderer.text(WhereRenderer.required(value, path), path));
            }
            case CONTAINS, CONTAINED_BY, OVERLAPS -> throw new InvalidFilterException(path,
                    "'" + op.jsonName() + "' applies to array properties, not to JSON paths");
        }
    }

    private static String[] segments(List<String> jsonPath, int from, int to) {
        return jsonPath.subList(from, to).toArray(String[]::new);
    }

    /** A segment that is a number: an array index (or a key in an object), as with {@code #>}. */
    private static boolean isIndex(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static void scalar(SqlBuilder out, Object value, String text, String numeric, String operator,
                               String path) {
        if (value instanceof Number) {
            out.append(numeric).append(operator);
            out.bind(WhereRenderer.decimal(value));
        } else {
            out.append(text).append(operator);
            out.bind(textOf(value, path));
        }
    }

    private static String textOf(@Nullable Object value, String path) {
        if (value instanceof String || value instanceof Boolean || value instanceof Enum<?>
                || value instanceof java.util.UUID || value instanceof java.time.temporal.TemporalAccessor) {
            return value.toString();
        }
        throw new InvalidFilterException(path, "expected a string, number or boolean, got " + value);
    }
}
