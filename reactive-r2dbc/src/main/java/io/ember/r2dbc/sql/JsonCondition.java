package io.ember.r2dbc.sql;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Operator;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Conditions on a path inside a jsonb column. The path is one {@code text[]} parameter. Strings
 * compare as text ({@code #>>}); numbers compare numerically, and only where the stored value is
 * a JSON number (any other value does not match, and never fails a cast); booleans compare as
 * JSON booleans; {@code null} means the path is missing or JSON null.
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
        String p = out.placeholder(jsonPath.toArray(String[]::new));
        String text = "(" + column + " #>> " + p + ")";
        String numeric = "(CASE WHEN jsonb_typeof(" + column + " #> " + p + ") = 'number' THEN " + text
                + "::numeric END)";
        switch (op) {
            case EQ, NEQ -> {
                if (value == null) {
                    out.append(text).append(op == Operator.EQ ? " IS NULL" : " IS NOT NULL");
                } else if (value instanceof Boolean b) {
                    out.append("(").append(column).append(" #> ").append(p).append(")")
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
                boolean numbers = list.stream().allMatch(WhereRenderer::isNumber);
                out.append(numbers ? numeric : text).append(op == Operator.INQ ? " = ANY(" : " <> ALL(");
                out.bind(numbers ? list.stream().map(WhereRenderer::decimal).toArray(BigDecimal[]::new)
                        : list.stream().map(v -> textOf(v, path)).toArray(String[]::new));
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
