package io.ember.core.filter;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.RelationMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks a filter against a model and a {@link FilterPolicy}, and returns it normalized: operands
 * converted to the Java types of their properties, the policy's default limit applied, an empty
 * {@code fields} selection dropped. Repositories run it on every call with
 * {@link FilterPolicy#internal()}; a filter whose operands already have the right types comes back
 * as the same object.
 *
 * <p>Checks, each an {@link InvalidFilterException} naming the path inside the filter:
 * <ul>
 *   <li>every property in where, order and fields exists (hidden ones count as unknown when the
 *       policy refuses them); JSON paths ({@code metadata.address.city}) only on {@code @Json}
 *       properties, with well-formed segments;</li>
 *   <li>the operator fits the property: contains/containedBy/overlaps on arrays only; like, ilike,
 *       regexp and their negations on text and enum properties or JSON paths; gt, lt, between and
 *       the like on ordered kinds or JSON paths; a whole JSON or array property only with the
 *       array operators or null;</li>
 *   <li>arity: one value, a list ({@code inq}, {@code nin}, array operators), or exactly two
 *       non-null values ({@code between}, {@code notBetween});</li>
 *   <li>operands convert exactly to the property's type: integral numbers without fraction or
 *       overflow, strings parsed as numbers, booleans, UUIDs, ISO-8601 timestamps and dates, enum
 *       constant names; operands inside JSON documents stay strings, numbers or booleans;</li>
 *   <li>inclusions name relations of the model; their scopes are checked against the related model;
 *       {@code skipDefaultFilter} only where the policy allows it;</li>
 *   <li>the policy: a limit above its maximum is an error (never silently clamped), the where
 *       depth, the include depth and the list sizes are bounded.</li>
 * </ul>
 * The policy's default limit applies to the top-level filter only; inclusion scopes keep theirs.
 */
public final class FilterValidator {

    private FilterValidator() {
    }

    /**
     * Validates and normalizes a filter.
     *
     * @return the normalized filter (the same object when nothing changed)
     * @throws InvalidFilterException naming the path inside the filter and what was expected
     */
    public static Filter validate(Filter filter, ModelMetadata<?> model, FilterPolicy policy) {
        return validate(filter, model, policy, "", 0);
    }

    /**
     * Validates and normalizes a where on its own (an update's or a count's). Error paths start with
     * {@code where}.
     *
     * @throws InvalidFilterException naming the path inside the where and what was expected
     */
    public static Where validateWhere(Where where, ModelMetadata<?> model, FilterPolicy policy) {
        return new WhereValidator(model, policy).where(where, "where", 0);
    }

    private static Filter validate(Filter filter, ModelMetadata<?> model, FilterPolicy policy, String path,
                                   int includeDepth) {
        if (includeDepth > 0 && filter.after() != null) {
            throw new InvalidFilterException(Paths.key(path, "after"), "a continuation token belongs to the"
                    + " top-level filter, not to an inclusion scope");
        }
        Where where = filter.where() == null ? null
                : new WhereValidator(model, policy).where(filter.where(), Paths.key(path, "where"), 0);
        Fields fields = fields(filter.fields(), model, policy, Paths.key(path, "fields"));
        order(filter.order(), model, policy, Paths.key(path, "order"));
        Integer limit = limit(filter.limit(), policy, includeDepth == 0, Paths.key(path, "limit"));
        List<Inclusion> include = include(filter.include(), model, policy, Paths.key(path, "include"), includeDepth);
        if (where == filter.where() && fields == filter.fields() && limit == filter.limit()
                && include == filter.include()) {
            return filter;
        }
        return new Filter(where, fields, filter.order(), limit, filter.skip(), include, filter.after());
    }

    private static @Nullable Fields fields(@Nullable Fields fields, ModelMetadata<?> model, FilterPolicy policy,
                                           String path) {
        if (fields == null) {
            return null;
        }
        if (fields.names().isEmpty()) {
            return null;
        }
        checkSize(fields.names().size(), policy, path);
        for (String name : fields.names()) {
            Properties.plain(model, name, policy, Paths.key(path, name));
        }
        return fields;
    }

    private static void order(List<Order> order, ModelMetadata<?> model, FilterPolicy policy, String path) {
        checkSize(order.size(), policy, path);
        for (int i = 0; i < order.size(); i++) {
            Properties.resolve(model, order.get(i).path(), policy, Paths.index(path, i));
        }
    }

    private static @Nullable Integer limit(@Nullable Integer limit, FilterPolicy policy, boolean top, String path) {
        if (limit == null) {
            return top ? policy.defaultLimit() : null;
        }
        Integer max = policy.maxLimit();
        if (max != null && limit > max) {
            throw new InvalidFilterException(path, "limit " + limit + " exceeds the maximum of " + max);
        }
        return limit;
    }

    private static List<Inclusion> include(List<Inclusion> include, ModelMetadata<?> model, FilterPolicy policy,
                                           String path, int depth) {
        if (include.isEmpty()) {
            return include;
        }
        if (depth + 1 > policy.maxIncludeDepth()) {
            throw new InvalidFilterException(path, "inclusions nest deeper than the maximum of "
                    + policy.maxIncludeDepth());
        }
        checkSize(include.size(), policy, path);
        Set<String> seen = new HashSet<>();
        List<Inclusion> out = null;
        for (int i = 0; i < include.size(); i++) {
            Inclusion inclusion = include.get(i);
            String at = Paths.index(path, i);
            RelationMetadata relation = model.relation(inclusion.relation());
            if (relation == null) {
                throw new InvalidFilterException(Paths.key(at, "relation"), "unknown relation '"
                        + JsonValues.excerpt(inclusion.relation()) + "' of " + model.type().getSimpleName()
                        + "; known: " + relations(model));
            }
            if (!seen.add(relation.name())) {
                throw new InvalidFilterException(Paths.key(at, "relation"), "relation '" + relation.name()
                        + "' is included twice; give it one scope");
            }
            if (inclusion.skipDefaultFilter() && !policy.allowSkipDefaultFilter()) {
                throw new InvalidFilterException(Paths.key(at, "skipDefaultFilter"), "skipping the default filter"
                        + " (soft-deleted rows) is not allowed in this filter");
            }
            Inclusion checked = inclusion;
            if (inclusion.scope() != null) {
                Filter scope = validate(inclusion.scope(), ModelMetadata.of(relation.target()), policy,
                        Paths.key(at, "scope"), depth + 1);
                if (scope != inclusion.scope()) {
                    checked = new Inclusion(inclusion.relation(), scope, inclusion.skipDefaultFilter());
                }
            }
            out = WhereValidator.replace(include, out, i, checked);
        }
        return out == null ? include : out;
    }

    static String relations(ModelMetadata<?> model) {
        return model.relations().isEmpty() ? "(none)"
                : model.relations().stream().map(RelationMetadata::name).collect(Collectors.joining(", "));
    }

    private static void checkSize(int size, FilterPolicy policy, String path) {
        if (size > policy.maxListSize()) {
            throw new InvalidFilterException(path, "list of " + size + " items exceeds the maximum of "
                    + policy.maxListSize());
        }
    }
}
