package io.ember.core.filter;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.RelationKind;
import io.ember.core.model.RelationMetadata;
import io.ember.core.model.ValueKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks a where tree against a model and a policy and coerces its operands. Returns the same
 * objects where nothing changed, so a where built with the right Java types costs no allocation.
 *
 * <p>Paths in errors follow the JSON form: a condition is {@code where.age.gte} (plain {@code eq}
 * is {@code where.age}), the items of a disjunction {@code where.or[1]}, of a nested conjunction
 * {@code where.and[0]}, a relation condition {@code where.posts.some} and the conditions inside it
 * {@code where.posts.some.title}. A relation condition counts as one and/or level towards the
 * policy's maximum depth, so relation filters nest only as deep as the policy allows.
 */
final class WhereValidator {

    private final ModelMetadata<?> model;
    private final FilterPolicy policy;

    WhereValidator(ModelMetadata<?> model, FilterPolicy policy) {
        this.model = model;
        this.policy = policy;
    }

    /** A where object at {@code path}, {@code depth} and/or levels deep. */
    Where where(Where where, String path, int depth) {
        if (where instanceof Where.Condition c) {
            return condition(c, path);
        }
        if (where instanceof Where.Relation r) {
            return relation(r, path, depth);
        }
        checkDepth(path, depth + 1);
        if (where instanceof Where.Or or) {
            List<Where> items = items(or.items(), Paths.key(path, "or"), depth + 1);
            return items == or.items() ? or : new Where.Or(items);
        }
        Where.And and = (Where.And) where;
        checkSize(and.items(), path);
        List<Where> items = and.items();
        List<Where> out = null;
        for (int i = 0; i < items.size(); i++) {
            Where item = items.get(i);
            Where checked;
            if (item instanceof Where.Condition c) {
                checked = condition(c, path);
            } else if (item instanceof Where.Relation r) {
                checked = relation(r, path, depth + 1);
            } else {
                checkDepth(path, depth + 2);
                List<Where> nested = item instanceof Where.Or o ? o.items() : ((Where.And) item).items();
                List<Where> list = items(nested, Paths.key(path, item instanceof Where.Or ? "or" : "and"), depth + 2);
                checked = list == nested ? item : item instanceof Where.Or ? new Where.Or(list) : new Where.And(list);
            }
            out = replace(items, out, i, checked);
        }
        return out == null ? and : new Where.And(out);
    }

    private List<Where> items(List<Where> items, String path, int depth) {
        checkSize(items, path);
        List<Where> out = null;
        for (int i = 0; i < items.size(); i++) {
            out = replace(items, out, i, where(items.get(i), Paths.index(path, i), depth));
        }
        return out == null ? items : out;
    }

    /**
     * A relation condition under a where at {@code level} and/or levels: the relation exists (hidden
     * from nothing: relations are never hidden), the quantifier fits its kind, and its where is
     * checked against the related model, with the same policy, one level deeper.
     */
    private Where relation(Where.Relation r, String parent, int level) {
        String property = Paths.key(parent, r.relation());
        String at = Paths.key(property, r.quantifier().jsonName());
        RelationMetadata relation = model.relation(r.relation());
        if (relation == null) {
            if (model.property(r.relation()) != null) {
                throw new InvalidFilterException(at, "'" + JsonValues.excerpt(r.relation()) + "' is a property, not a"
                        + " relation: some, none, every, is and isNot apply to relations of "
                        + model.type().getSimpleName());
            }
            throw new InvalidFilterException(property, "unknown relation '" + JsonValues.excerpt(r.relation()) + "' of "
                    + model.type().getSimpleName() + "; known: " + FilterValidator.relations(model));
        }
        boolean toMany = relation.kind() == RelationKind.HAS_MANY || relation.kind() == RelationKind.HAS_MANY_THROUGH;
        if (toMany != r.quantifier().toMany()) {
            throw new InvalidFilterException(at, "'" + r.quantifier().jsonName() + "' applies to "
                    + (toMany ? "to-one relations; '" + relation.name() + "' is to-many: use some, none or every"
                    : "to-many relations; '" + relation.name() + "' is to-one: use is or isNot"));
        }
        checkDepth(at, level + 1);
        Where nested = r.where();
        if (nested == null) {
            return r;
        }
        Where checked = new WhereValidator(ModelMetadata.of(relation.target()), policy).where(nested, at, level + 1);
        return checked == nested ? r : new Where.Relation(r.relation(), r.quantifier(), checked);
    }

    private Where.Condition condition(Where.Condition c, String parent) {
        Operator op = c.operator();
        String property = Paths.key(parent, c.path());
        String at = op == Operator.EQ ? property : Paths.key(property, op.jsonName());
        PropertyMetadata p = Properties.resolve(model, c.path(), policy, property);
        boolean json = p.kind() == ValueKind.JSON && Properties.isJsonPath(c.path());
        checkOperator(p, op, json, c.value(), at);
        Object value = operand(p, op, json, c.value(), at);
        if ((op == Operator.REGEXP || op == Operator.IREGEXP) && value instanceof String pattern) {
            RegexpFlags.Regexp read = RegexpFlags.read(op, pattern, at);
            op = read.operator();
            value = read.pattern();
        }
        return value == c.value() && op == c.operator() ? c : new Where.Condition(c.path(), op, value);
    }

    private static void checkOperator(PropertyMetadata p, Operator op, boolean json, @Nullable Object value, String at) {
        boolean nullCheck = value == null && (op == Operator.EQ || op == Operator.NEQ);
        ValueKind kind = p.kind();
        String problem = null;
        if (json) {
            if (op.isArrayOperator()) {
                problem = op.jsonName() + " applies to array properties, not to values inside a JSON document";
            }
        } else if (kind == ValueKind.ARRAY) {
            if (!op.isArrayOperator() && !nullCheck) {
                problem = "'" + p.name() + "' is an array property: use contains, containedBy or overlaps"
                        + " (or eq/neq null)";
            }
        } else if (kind == ValueKind.JSON) {
            if (!nullCheck) {
                problem = "'" + p.name() + "' is a JSON document: compare a path inside it ('" + p.name()
                        + ".key') or test it against null";
            }
        } else if (op.isArrayOperator()) {
            problem = op.jsonName() + " applies to array properties only; '" + p.name() + "' is " + kind;
        } else if (op.isPattern() && kind != ValueKind.STRING && kind != ValueKind.ENUM) {
            problem = op.jsonName() + " applies to text properties only; '" + p.name() + "' is " + kind;
        } else if (isOrdering(op) && !kind.isOrdered() && kind != ValueKind.BOOLEAN) {
            problem = op.jsonName() + " needs an ordered type; '" + p.name() + "' is " + kind;
        }
        if (problem != null) {
            throw new InvalidFilterException(at, problem);
        }
    }

    private static boolean isOrdering(Operator op) {
        return switch (op) {
            case GT, GTE, LT, LTE, BETWEEN, NOT_BETWEEN -> true;
            default -> false;
        };
    }

    private @Nullable Object operand(PropertyMetadata p, Operator op, boolean json, @Nullable Object value, String at) {
        if (op.arity() == Operator.Arity.ONE) {
            if (value == null) {
                if (op != Operator.EQ && op != Operator.NEQ && !op.isRange()) {
                    throw new InvalidFilterException(at, op.jsonName() + " takes a value, found null");
                }
                return null; // eq/neq: IS [NOT] NULL; gt, gte, lt, lte: no row (LoopBack's answer)
            }
            if (value instanceof Collection<?> || value instanceof Object[]) {
                throw new InvalidFilterException(at, op.jsonName() + " takes one value, found a list");
            }
            return op.isPattern() ? pattern(op, OperandCoercer.text(value, at), at) : scalar(p, p.kind(), json, value, at);
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidFilterException(at, op.jsonName() + " takes a list of values, found "
                    + (value == null ? "null" : "one value"));
        }
        if (op.arity() == Operator.Arity.PAIR && list.size() != 2) {
            throw new InvalidFilterException(at, op.jsonName() + " takes a list of two values [low, high], found "
                    + list.size() + " value(s)");
        }
        checkSize(list, at);
        ValueKind kind = op.isArrayOperator() ? p.elementKind() : p.kind();
        boolean nulls = op == Operator.INQ || op == Operator.NIN; // null equals nothing, as in SQL
        List<Object> out = null;
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String itemAt = Paths.index(at, i);
            if (item == null && !nulls) {
                throw new InvalidFilterException(itemAt, op.jsonName() + " takes values, found null");
            }
            out = replace(list, out, i, item == null ? null : scalar(p, kind, json, item, itemAt));
        }
        List<?> checked = out == null ? list : out;
        if (json && checked.stream().anyMatch(v -> v instanceof Number)
                && !checked.stream().allMatch(v -> v == null || v instanceof Number)) {
            throw new InvalidFilterException(at, op.jsonName() + " inside a JSON document takes only numbers"
                    + " (compared as numbers) or only strings and booleans (compared as text), not both");
        }
        return checked;
    }

    /**
     * A LIKE pattern may not end with a lone backslash (PostgreSQL refuses it when the query runs).
     * Regular expressions are compiled by PostgreSQL only; one it refuses arrives as an
     * {@link InvalidFilterException} from the repository.
     */
    private static String pattern(Operator op, String pattern, String at) {
        if (op != Operator.REGEXP && op != Operator.IREGEXP) {
            int backslashes = 0;
            for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                throw new InvalidFilterException(at, "a LIKE pattern must not end with a lone escape character"
                        + " '\\' (write '\\\\' for a backslash)");
            }
        }
        return pattern;
    }

    private static Object scalar(PropertyMetadata p, @Nullable ValueKind kind, boolean json, Object value, String at) {
        if (json) {
            return OperandCoercer.jsonScalar(value, at);
        }
        if (kind == null) {
            throw new IllegalStateException("array property " + p.name() + " has no element kind");
        }
        return OperandCoercer.coerce(value, kind, Properties.enumType(p), at);
    }

    private void checkDepth(String path, int depth) {
        if (depth > policy.maxDepth()) {
            throw new InvalidFilterException(path, "where nests deeper than the maximum of " + policy.maxDepth()
                    + " and/or levels");
        }
    }

    private void checkSize(List<?> list, String path) {
        if (list.size() > policy.maxListSize()) {
            throw new InvalidFilterException(path, "list of " + list.size() + " items exceeds the maximum of "
                    + policy.maxListSize());
        }
    }

    /**
     * Copy-on-write over a list: returns {@code null} while every checked item is the original one,
     * else the new list with {@code checked} at {@code i}.
     */
    static <T> @Nullable List<T> replace(List<? extends T> items, @Nullable List<T> out, int i, T checked) {
        if (out == null) {
            if (checked == items.get(i)) {
                return null;
            }
            out = new ArrayList<>(items.subList(0, i));
        }
        out.add(checked);
        return out;
    }
}
