package io.ember.r2dbc.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.core.filter.Filter;
import io.ember.core.filter.Operator;
import io.ember.core.filter.Order;
import io.ember.core.filter.PropertyPath;
import io.ember.core.filter.Where;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The filter semantics of docs/filter.md, written independently of the SQL renderer: evaluates a
 * parsed {@link Filter} over {@link Sample} rows in memory, with SQL three-valued logic (a
 * condition on NULL is unknown, {@code null} here; negated operators of unknown stay unknown; a row
 * is returned only when its where is TRUE). Text compares in the "C" collation (code point order).
 * LoopBack's answers (issue 9): a page (limit or skip) without an order follows the id, an order
 * ends with the id; a range operator with a null operand is FALSE; a null in an inq/nin list equals
 * nothing; a regexp may end in LoopBack's {@code /flags}; booleans are ordered false before true; a
 * JSON path whose key meets an array of objects holds when it holds for any element.
 */
final class InMemoryFilter {

    private InMemoryFilter() {
    }

    /** The ids of the rows the filter returns, in its order, after skip and limit. */
    static List<Long> run(List<Sample> rows, Filter filter) {
        List<Sample> out = new ArrayList<>();
        for (Sample row : rows) {
            if (filter.where() == null || Boolean.TRUE.equals(test(row, filter.where()))) {
                out.add(row);
            }
        }
        if (!filter.order().isEmpty() || filter.limit() != null || filter.skip() > 0) {
            out.sort(comparator(withIdLast(filter.order())));
        }
        int from = (int) Math.min(out.size(), filter.skip());
        int to = filter.limit() == null ? out.size() : (int) Math.min(out.size(), (long) from + filter.limit());
        return out.subList(from, to).stream().map(Sample::id).toList();
    }

    /** TRUE, FALSE or unknown ({@code null}). */
    static @Nullable Boolean test(Sample row, Where where) {
        if (where instanceof Where.And and) {
            Boolean result = Boolean.TRUE;
            for (Where item : and.items()) {
                Boolean b = test(row, item);
                if (Boolean.FALSE.equals(b)) {
                    return false;
                }
                if (b == null) {
                    result = null;
                }
            }
            return result;
        }
        if (where instanceof Where.Or or) {
            Boolean result = Boolean.FALSE;
            for (Where item : or.items()) {
                Boolean b = test(row, item);
                if (Boolean.TRUE.equals(b)) {
                    return true;
                }
                if (b == null) {
                    result = null;
                }
            }
            return result;
        }
        Where.Condition c = (Where.Condition) where;
        PropertyPath path = PropertyPath.parse(c.path(), "where");
        if (c.value() == null && c.operator() != Operator.EQ && c.operator() != Operator.NEQ) {
            return false; // gt, gte, lt, lte null
        }
        if (path.isJson()) {
            if (Jsonb.keyMeetsArray(row.doc(), path.jsonPath())) {
                for (JsonNode node : Jsonb.values(row.doc(), path.jsonPath())) {
                    if (Boolean.TRUE.equals(json(node, c.operator(), c.value()))) {
                        return true;
                    }
                }
                return false;
            }
            return json(Jsonb.at(row.doc(), path.jsonPath()), c.operator(), c.value());
        }
        String property = path.property();
        Object column = column(row, property);
        if (property.equals("tags") || property.equals("nums") || property.equals("doc")) {
            if (c.value() == null) {
                return (column == null) == (c.operator() == Operator.EQ);
            }
            if (property.equals("doc")) {
                throw new AssertionError("the generator compared a whole document: " + c);
            }
            return column == null ? null : array((List<?>) column, c.operator(), c.value());
        }
        return scalar(comparable(column), c.operator(), c.value(), property);
    }

    // ------------------------------------------------------------------ plain columns

    private static @Nullable Object column(Sample row, String property) {
        return switch (property) {
            case "id" -> row.id();
            case "name" -> row.name();
            case "num" -> row.num();
            case "big" -> row.big();
            case "amount" -> row.amount();
            case "flag" -> row.flag();
            case "at" -> row.at();
            case "status" -> row.status() == null ? null : row.status().name();
            case "tags" -> row.tags();
            case "nums" -> row.nums();
            case "doc" -> row.doc();
            default -> throw new AssertionError("no property " + property);
        };
    }

    /** Numbers as BigDecimal, the rest as they are: each compares like its SQL type. */
    private static @Nullable Comparable<?> comparable(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        return (Comparable<?>) value;
    }

    /** An operand as the type of the property's column. */
    private static Comparable<?> operand(String property, Object value) {
        return switch (property) {
            case "id", "num", "big", "amount" -> new BigDecimal(value.toString().trim());
            case "flag" -> value instanceof Boolean b ? b : Boolean.valueOf(value.toString());
            case "at" -> value instanceof Instant i ? i : OffsetDateTime.parse(value.toString()).toInstant();
            default -> value instanceof Enum<?> e ? e.name() : value.toString();
        };
    }

    private static @Nullable Boolean scalar(@Nullable Comparable<?> column, Operator op, @Nullable Object value,
                                            String property) {
        if (value == null) {
            return op == Operator.EQ ? column == null : column != null;
        }
        if (op == Operator.INQ || op == Operator.NIN) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                return op == Operator.NIN;
            }
            if (column == null) {
                return null;
            }
            boolean found = list.stream().anyMatch(v -> v != null && compare(column, operand(property, v)) == 0);
            return in(op, found, list.contains(null));
        }
        if (column == null) {
            return null;
        }
        if (op == Operator.BETWEEN || op == Operator.NOT_BETWEEN) {
            List<?> pair = (List<?>) value;
            boolean in = compare(column, operand(property, pair.get(0))) >= 0
                    && compare(column, operand(property, pair.get(1))) <= 0;
            return op == Operator.BETWEEN ? in : !in;
        }
        if (op.isPattern()) {
            return pattern((String) column, op, (String) value);
        }
        return comparison(compare(column, operand(property, value)), op);
    }

    /** inq/nin in SQL: a null in the list makes "not found" unknown. */
    private static @Nullable Boolean in(Operator op, boolean found, boolean nullInList) {
        if (found) {
            return op == Operator.INQ;
        }
        return nullInList ? null : op == Operator.NIN;
    }

    private static boolean comparison(int cmp, Operator op) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NEQ -> cmp != 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            default -> throw new AssertionError(op);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }

    // ------------------------------------------------------------------ patterns

    static boolean pattern(String text, Operator op, String pattern) {
        return switch (op) {
            case LIKE -> like(pattern, false).matcher(text).matches();
            case NLIKE -> !like(pattern, false).matcher(text).matches();
            case ILIKE -> like(pattern, true).matcher(text).matches();
            case NILIKE -> !like(pattern, true).matcher(text).matches();
            case REGEXP, IREGEXP -> regexp(pattern, op == Operator.IREGEXP, text.indexOf('\n') >= 0).matcher(text).find();
            default -> throw new AssertionError(op);
        };
    }

    /**
     * A regexp with LoopBack's flags: {@code "body/flags"} or {@code "/body/flags"}, flags among
     * i (ignore case), m (anchors at line breaks), g and s (no effect: a match test, and . matches a
     * line break already). The generator writes no slash in a body. Flag m matters only for a text with
     * a line break (Java's MULTILINE {@code ^} does not match an empty text, PostgreSQL's does).
     */
    static Pattern regexp(String pattern, boolean ignoreCase, boolean lines) {
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        String body = pattern;
        int slash = pattern.lastIndexOf('/');
        if (slash >= 0 && slash < pattern.length() - 1 && pattern.substring(slash + 1).matches("[gims]+")) {
            String letters = pattern.substring(slash + 1);
            body = pattern.startsWith("/") ? pattern.substring(1, slash) : pattern.substring(0, slash);
            flags |= (letters.contains("i") ? Pattern.CASE_INSENSITIVE : 0)
                    | (letters.contains("m") && lines ? Pattern.MULTILINE : 0);
        }
        return Pattern.compile(body, flags);
    }

    /** PostgreSQL LIKE: % any run, _ one character, backslash escapes the next character. */
    static Pattern like(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\') {
                if (++i == pattern.length()) {
                    throw new AssertionError("LIKE pattern ends with an escape: " + pattern);
                }
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
            } else if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
    }

    // ------------------------------------------------------------------ arrays

    private static @Nullable Boolean array(List<?> column, Operator op, @Nullable Object value) {
        List<BigDecimalOrText> have = column.stream().map(BigDecimalOrText::of).toList();
        List<BigDecimalOrText> given = ((List<?>) value).stream().map(BigDecimalOrText::of).toList();
        return switch (op) {
            // NULL elements equal nothing, not even NULL
            case CONTAINS -> given.stream().allMatch(g -> have.stream().anyMatch(h -> h != null && h.equals(g)));
            case CONTAINED_BY -> have.stream().allMatch(h -> h != null && given.contains(h));
            case OVERLAPS -> have.stream().anyMatch(h -> h != null && given.contains(h));
            default -> throw new AssertionError(op);
        };
    }

    /** An array element as comparable: numbers by value, everything else as text. */
    private record BigDecimalOrText(String key) {
        static @Nullable BigDecimalOrText of(@Nullable Object v) {
            if (v == null) {
                return null;
            }
            return new BigDecimalOrText(v instanceof Number
                    ? new BigDecimal(v.toString()).stripTrailingZeros().toPlainString() : v.toString());
        }
    }

    // ------------------------------------------------------------------ jsonb

    private static @Nullable BigDecimal number(@Nullable JsonNode node) {
        return node != null && node.isNumber() ? node.decimalValue() : null;
    }

    private static @Nullable Boolean json(@Nullable JsonNode node, Operator op, @Nullable Object value) {
        String text = Jsonb.text(node);
        if (value == null) {
            return op == Operator.EQ ? text == null : text != null;
        }
        if (value instanceof Boolean b && (op == Operator.EQ || op == Operator.NEQ)) {
            // (doc #> path) = to_jsonb(b): jsonb equality, so JSON null and strings are "not equal"
            if (node == null) {
                return null;
            }
            boolean equal = node.isBoolean() && node.booleanValue() == b;
            return op == Operator.EQ ? equal : !equal;
        }
        if (op == Operator.INQ || op == Operator.NIN) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                return op == Operator.NIN;
            }
            boolean numbers = list.stream().allMatch(v -> v == null || v instanceof Number);
            Comparable<?> left = numbers ? number(node) : text;
            if (left == null) {
                return null;
            }
            boolean found = list.stream().anyMatch(v -> v != null
                    && compare(left, numbers ? decimal(v) : v.toString()) == 0);
            return in(op, found, list.contains(null));
        }
        if (op == Operator.BETWEEN || op == Operator.NOT_BETWEEN) {
            List<?> pair = (List<?>) value;
            boolean numbers = pair.get(0) instanceof Number && pair.get(1) instanceof Number;
            Comparable<?> left = numbers ? number(node) : text;
            if (left == null) {
                return null;
            }
            boolean in = compare(left, numbers ? decimal(pair.get(0)) : pair.get(0).toString()) >= 0
                    && compare(left, numbers ? decimal(pair.get(1)) : pair.get(1).toString()) <= 0;
            return op == Operator.BETWEEN ? in : !in;
        }
        if (op.isPattern()) {
            return text == null ? null : pattern(text, op, (String) value);
        }
        Comparable<?> left = value instanceof Number ? number(node) : text;
        if (left == null) {
            return null;
        }
        return comparison(compare(left, value instanceof Number ? decimal(value) : value.toString()), op);
    }

    private static BigDecimal decimal(Object v) {
        return new BigDecimal(v.toString());
    }

    // ------------------------------------------------------------------ order

    /** The order as the repository runs it: the id last when no key names it, in the last key's direction. */
    static List<Order> withIdLast(List<Order> order) {
        if (order.stream().anyMatch(o -> o.path().equals("id"))) {
            return order;
        }
        List<Order> out = new ArrayList<>(order);
        boolean desc = !order.isEmpty() && order.get(order.size() - 1).direction() == Order.Direction.DESC;
        out.add(desc ? Order.desc("id") : Order.asc("id"));
        return out;
    }

    static Comparator<Sample> comparator(List<Order> order) {
        Comparator<Sample> result = null;
        for (Order o : order) {
            PropertyPath path = PropertyPath.parse(o.path(), "order");
            Comparator<Sample> key = (a, b) -> {
                Comparable<?> x = orderKey(a, path);
                Comparable<?> y = orderKey(b, path);
                boolean nullsFirst = o.nulls() == Order.Nulls.DEFAULT ? o.direction() == Order.Direction.DESC
                        : o.nulls() == Order.Nulls.FIRST;
                if (x == null || y == null) {
                    return x == y ? 0 : (x == null) == nullsFirst ? -1 : 1;
                }
                int cmp = compare(x, y);
                return o.direction() == Order.Direction.ASC ? cmp : -cmp;
            };
            result = result == null ? key : result.thenComparing(key);
        }
        return result;
    }

    private static @Nullable Comparable<?> orderKey(Sample row, PropertyPath path) {
        if (path.isJson()) {
            JsonNode node = Jsonb.at(row.doc(), path.jsonPath());
            return node == null ? null : new Jsonb.Scalar(node);
        }
        return comparable(column(row, path.property()));
    }
}
