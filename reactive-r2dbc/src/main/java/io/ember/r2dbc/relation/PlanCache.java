package io.ember.r2dbc.relation;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Inclusion;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Plans of include trees, kept so that a shape asked again (the same model, selection and
 * inclusions) is not planned and its statements not rendered again. Only trees without a
 * {@code where} in any scope are kept: their keys hold names, numbers and orders only, never a
 * value a caller could change afterwards or an unbounded variety of values. At most
 * {@value #MAX_PLANS} plans; beyond that, shapes are planned on every call.
 */
final class PlanCache {

    static final int MAX_PLANS = 256;

    private static final Map<Key, Inclusions<?>> PLANS = new ConcurrentHashMap<>();

    private PlanCache() {
    }

    private record Key(ModelMetadata<?> model, List<PropertyMetadata> columns, List<Inclusion> include) {
    }

    /** The kept plan of this shape, else a new one (kept when it may be). */
    @SuppressWarnings("unchecked")
    static <T> Inclusions<T> plan(ModelMetadata<T> model, List<PropertyMetadata> columns, List<Inclusion> include,
                                  Supplier<Inclusions<T>> planner) {
        if (!withoutWhere(include)) {
            return planner.get();
        }
        Key key = new Key(model, columns, include);
        Inclusions<?> kept = PLANS.get(key);
        if (kept != null) {
            return (Inclusions<T>) kept;
        }
        Inclusions<T> planned = planner.get();
        if (PLANS.size() < MAX_PLANS) {
            PLANS.putIfAbsent(key, planned);
        }
        return planned;
    }

    private static boolean withoutWhere(List<Inclusion> include) {
        for (Inclusion inclusion : include) {
            Filter scope = inclusion.scope();
            if (scope != null && (scope.where() != null || !withoutWhere(scope.include()))) {
                return false;
            }
        }
        return true;
    }
}
