package io.ember.r2dbc.sql;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Operator;
import io.ember.core.filter.PropertyPath;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import io.ember.r2dbc.mapping.Values;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link Where} tree as a SQL condition. Identifiers come only from model metadata; every
 * value, list and JSON path is a bind parameter. A name the model does not have is an
 * {@link InvalidFilterException} naming the place in the filter. A range operator with a
 * {@code null} operand is {@code FALSE}; a {@code null} in an inq/nin list is an SQL NULL element of
 * the array parameter, so it equals nothing ({@code nin} with one matches no row, as SQL's NOT IN).
 * A relation condition becomes a correlated subquery ({@link RelationCondition}), whose where is
 * rendered by a renderer of the related model with qualified columns.
 */
final class WhereRenderer {

    private final ModelMetadata<?> model;
    private final SqlBuilder out;
    private final @Nullable String qualifier;
    private final String self;
    private final int level;

    /** A renderer of a where on a statement whose FROM is the model's table, not aliased. */
    WhereRenderer(ModelMetadata<?> model, SqlBuilder out) {
        this(model, out, null, model.qualifiedTable(), 0);
    }

    /**
     * @param qualifier what columns are prefixed with ({@code alias.}), or {@code null} for bare columns
     * @param self      how relation subqueries refer to this model's row (its table or alias)
     * @param level     how many relation subqueries enclose this where
     */
    WhereRenderer(ModelMetadata<?> model, SqlBuilder out, @Nullable String qualifier, String self, int level) {
        this.model = model;
        this.out = out;
        this.qualifier = qualifier;
        this.self = self;
        this.level = level;
    }

    void render(Where where, String path) {
        if (where instanceof Where.And and) {
            junction(and.items(), " AND ", "TRUE", path + ".and");
        } else if (where instanceof Where.Or or) {
            junction(or.items(), " OR ", "FALSE", path + ".or");
        } else if (where instanceof Where.Relation r) {
            RelationCondition.render(model, self, level, r, out, path + "." + r.relation() + "."
                    + r.quantifier().jsonName());
        } else {
            Where.Condition c = (Where.Condition) where;
            condition(c, path + "." + c.path());
        }
    }

    private void junction(List<Where> items, String separator, String empty, String path) {
        if (items.isEmpty()) {
            out.append(empty);
            return;
        }
        if (items.size() == 1) {
            render(items.get(0), path + "[0]");
            return;
        }
        out.append('(');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            render(items.get(i), path + "[" + i + "]");
        }
        out.append(')');
    }

    private void condition(Where.Condition c, String path) {
        PropertyMetadata plain = model.property(c.path());
        if (plain != null) {
            column(plain, column(plain), c.operator(), c.value(), path + "." + c.operator().jsonName());
            return;
        }
        PropertyPath target = PropertyPath.parse(c.path(), path);
        PropertyMetadata p = Columns.property(model, target.property(), path);
        if (target.isJson()) {
            if (p.kind() != ValueKind.JSON) {
                throw new InvalidFilterException(path, "'" + p.name() + "' is not a @Json property; "
                        + "a path into it is not allowed");
            }
            JsonCondition.render(out, column(p), target.jsonPath(), c.operator(), c.value(),
                    path + "." + c.operator().jsonName());
            return;
        }
        column(p, column(p), c.operator(), c.value(), path + "." + c.operator().jsonName());
    }

    private String column(PropertyMetadata p) {
        return qualifier == null ? Columns.quoted(p) : qualifier + "." + Columns.quoted(p);
    }

    private void column(PropertyMetadata p, String column, Operator op, @Nullable Object value, String path) {
        switch (op) {
            case EQ, NEQ -> {
                if (value == null) {
                    out.append(column).append(op == Operator.EQ ? " IS NULL" : " IS NOT NULL");
                    return;
                }
                out.append(column).append(op == Operator.EQ ? " = " : " <> ");
                out.bind(operand(p, value, path));
            }
            case GT, GTE, LT, LTE -> {
                if (value == null) {
                    out.append("FALSE"); // a comparison with NULL is never true: LoopBack answers no row
                    return;
                }
                out.append(column).append(comparison(op));
                out.bind(operand(p, value, path));
            }
            case INQ, NIN -> {
                Collection<?> list = list(value, path);
                if (list.isEmpty()) {
                    out.append(op == Operator.INQ ? "FALSE" : "TRUE");
                    return;
                }
                out.append(column).append(op == Operator.INQ ? " = ANY(" : " <> ALL(");
                out.bind(Values.toArray(p.isArray() ? p.elementKind() : p.kind(), list));
                out.append(')');
            }
            case BETWEEN, NOT_BETWEEN -> {
                List<?> pair = pair(value, path);
                out.append(column).append(op == Operator.BETWEEN ? " BETWEEN " : " NOT BETWEEN ");
                out.bind(operand(p, pair.get(0), path));
                out.append(" AND ");
                out.bind(operand(p, pair.get(1), path));
            }
            case LIKE, NLIKE, ILIKE, NILIKE, REGEXP, IREGEXP -> {
                if (p.kind() != ValueKind.STRING && p.kind() != ValueKind.ENUM) {
                    throw new InvalidFilterException(path, "pattern operators apply to text properties; '"
                            + p.name() + "' is " + p.kind());
                }
                out.append(column).append(pattern(op));
                out.bind(text(required(value, path), path));
            }
            case CONTAINS, CONTAINED_BY, OVERLAPS -> {
                if (!p.isArray()) {
                    throw new InvalidFilterException(path, "'" + op.jsonName() + "' applies to array properties; '"
                            + p.name() + "' is " + p.kind());
                }
                out.append(column).append(op == Operator.CONTAINS ? " @> " : op == Operator.CONTAINED_BY ? " <@ " : " && ");
                out.bind(Values.toArray(p.elementKind(), list(value, path)));
            }
        }
    }

    private static Object operand(PropertyMetadata p, @Nullable Object value, String path) {
        if (value == null) {
            throw new InvalidFilterException(path, "a value is required");
        }
        try {
            return Values.toDriver(p, value);
        } catch (RuntimeException e) {
            throw new InvalidFilterException(path, "cannot use " + value + " for " + p.name() + " (" + p.kind()
                    + "): " + e.getMessage());
        }
    }

    static Object required(@Nullable Object value, String path) {
        if (value == null) {
            throw new InvalidFilterException(path, "a value is required");
        }
        return value;
    }

    static String text(Object value, String path) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        throw new InvalidFilterException(path, "expected a string pattern, got " + value);
    }

    static Collection<?> list(@Nullable Object value, String path) {
        if (value instanceof Collection<?> c) {
            return c;
        }
        throw new InvalidFilterException(path, "expected a list");
    }

    static List<?> pair(@Nullable Object value, String path) {
        if (value instanceof List<?> l && l.size() == 2 && l.get(0) != null && l.get(1) != null) {
            return l;
        }
        throw new InvalidFilterException(path, "expected a list of two non-null values");
    }

    static String comparison(Operator op) {
        return switch (op) {
            case GT -> " > ";
            case GTE -> " >= ";
            case LT -> " < ";
            case LTE -> " <= ";
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    static String pattern(Operator op) {
        return switch (op) {
            case LIKE -> " LIKE ";
            case NLIKE -> " NOT LIKE ";
            case ILIKE -> " ILIKE ";
            case NILIKE -> " NOT ILIKE ";
            case REGEXP -> " ~ ";
            case IREGEXP -> " ~* ";
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    static boolean isNumber(@Nullable Object value) {
        return value instanceof Number;
    }

    static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }
}
