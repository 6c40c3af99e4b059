package io.ember.core.model;

import org.jspecify.annotations.Nullable;

/**
 * A relation declared on a model. Keys are property names; {@code through*} are set only for
 * {@link RelationKind#HAS_MANY_THROUGH}. Targets are resolved lazily, so models may refer to each
 * other in cycles.
 *
 * @param name        the component name, the one filters use in {@code include}
 * @param kind        the kind of relation
 * @param target      the related model
 * @param index       the component's position in the record
 * @param sourceKey   the property of this model that the join starts from
 * @param targetKey   the property of the target (or of the junction, for through) it matches
 * @param through     the junction model, or {@code null}
 * @param throughTargetKey the junction's property that references the target's id, or {@code null}
 */
public record RelationMetadata(
        String name,
        RelationKind kind,
        Class<?> target,
        int index,
        String sourceKey,
        String targetKey,
        @Nullable Class<?> through,
        @Nullable String throughTargetKey) {
}
