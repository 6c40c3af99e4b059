package io.ember.core.filter;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Resolves the property names and JSON paths of a filter against a model. */
final class Properties {

    private static final int LISTED = 25;

    private Properties() {
    }

    /**
     * The property a where or order path starts with. A path into a JSON document
     * ({@code metadata.address.city}) is allowed only on a {@code @Json} property.
     *
     * @return the property; {@link #isJsonPath(String)} tells whether the path goes inside it
     */
    static PropertyMetadata resolve(ModelMetadata<?> model, String path, FilterPolicy policy, String at) {
        PropertyMetadata p = model.property(path);
        if (p != null) {
            return visible(model, p, path, policy, at);
        }
        if (!isJsonPath(path)) {
            throw unknown(model, path, policy, at);
        }
        PropertyPath parsed = PropertyPath.parse(path, at);
        p = model.property(parsed.property());
        if (p == null) {
            throw unknown(model, parsed.property(), policy, at);
        }
        visible(model, p, parsed.property(), policy, at);
        if (p.kind() != ValueKind.JSON) {
            throw new InvalidFilterException(at, "'" + p.name() + "' is not a @Json property; a path inside it"
                    + " ('" + JsonValues.excerpt(path) + "') is allowed only on jsonb properties");
        }
        return p;
    }

    /** A plain property name (as in {@code fields}): no JSON path. */
    static PropertyMetadata plain(ModelMetadata<?> model, String name, FilterPolicy policy, String at) {
        PropertyMetadata p = model.property(name);
        if (p == null) {
            throw unknown(model, name, policy, at);
        }
        return visible(model, p, name, policy, at);
    }

    static boolean isJsonPath(String path) {
        return path.indexOf('.') >= 0 || path.indexOf('[') >= 0;
    }

    /** The enum class of an ENUM property, or of the elements of an array of enums; else {@code null}. */
    static @Nullable Class<?> enumType(PropertyMetadata p) {
        if (p.kind() == ValueKind.ENUM) {
            return p.type();
        }
        if (p.kind() != ValueKind.ARRAY || p.elementKind() != ValueKind.ENUM) {
            return null;
        }
        if (p.type().isArray()) {
            return p.type().getComponentType();
        }
        Type generic = p.genericType();
        if (generic instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static PropertyMetadata visible(ModelMetadata<?> model, PropertyMetadata p, String name,
                                            FilterPolicy policy, String at) {
        if (p.hidden() && !policy.allowHidden()) {
            throw unknown(model, name, policy, at);
        }
        return p;
    }

    /** Unknown, or hidden under a policy that refuses hidden properties: the message does not tell which. */
    private static InvalidFilterException unknown(ModelMetadata<?> model, String name, FilterPolicy policy, String at) {
        String known = model.properties().stream()
                .filter(p -> policy.allowHidden() || !p.hidden())
                .map(PropertyMetadata::name)
                .limit(LISTED)
                .collect(Collectors.joining(", "));
        String more = model.properties().size() > LISTED ? ", ..." : "";
        String relation = model.relation(name) != null ? " ('" + name + "' is a relation: use include)" : "";
        return new InvalidFilterException(at, "unknown property '" + JsonValues.excerpt(name) + "' of "
                + model.type().getSimpleName() + relation + "; known: " + known + more);
    }
}
