package io.ember.core.model;

import java.util.Set;

/**
 * The resolved keys of a relation: which property of which model holds each side of the join.
 * Built by {@link #of(ModelMetadata, RelationMetadata)}, which also checks them: the target (and
 * junction) must be models, each key must be a stored property of the model that holds it, and the
 * two sides of each join must have agreeing types.
 *
 * @param relation       the relation
 * @param target         the related model
 * @param parentKey      the property of the declaring model the join starts from
 * @param childKey       the property of the target (direct relations) or the junction (through)
 *                       that equals {@code parentKey}
 * @param through        the junction model, or {@code null}
 * @param throughTarget  the junction's property that references the target, or {@code null}
 * @param targetKey      for through: the target's property it references (the target's id); for
 *                       direct relations the same as {@code childKey}
 */
public record RelationKeys(
        RelationMetadata relation,
        ModelMetadata<?> target,
        PropertyMetadata parentKey,
        PropertyMetadata childKey,
        @org.jspecify.annotations.Nullable ModelMetadata<?> through,
        @org.jspecify.annotations.Nullable PropertyMetadata throughTarget,
        PropertyMetadata targetKey) {

    private static final Set<ValueKind> INTEGRAL = Set.of(ValueKind.SHORT, ValueKind.INT, ValueKind.LONG);

    /**
     * Resolves and checks the keys of a relation of a model.
     *
     * @throws ModelDefinitionException naming the model, the relation and the key at fault
     */
    public static RelationKeys of(ModelMetadata<?> model, RelationMetadata r) {
        ModelMetadata<?> target = model(model, r, r.target(), "target");
        switch (r.kind()) {
            case BELONGS_TO -> {
                PropertyMetadata fk = key(model, r, model, r.sourceKey(), "foreignKey");
                PropertyMetadata referenced = key(model, r, target, r.targetKey(), "references");
                agree(model, r, model, fk, target, referenced);
                return new RelationKeys(r, target, fk, referenced, null, null, referenced);
            }
            case HAS_ONE, HAS_MANY -> {
                PropertyMetadata referenced = key(model, r, model, r.sourceKey(), "references");
                PropertyMetadata fk = key(model, r, target, r.targetKey(), "foreignKey");
                agree(model, r, model, referenced, target, fk);
                return new RelationKeys(r, target, referenced, fk, null, null, fk);
            }
            default -> {
                Class<?> throughType = r.through();
                ModelMetadata<?> junction = model(model, r, throughType == null ? void.class : throughType, "through");
                PropertyMetadata id = model.id();
                PropertyMetadata fk = key(model, r, junction, r.targetKey(), "foreignKey");
                String targetKeyName = r.throughTargetKey() == null ? "" : r.throughTargetKey();
                if (targetKeyName.isEmpty()) {
                    throw new ModelDefinitionException(model.type(), "relation '" + r.name()
                            + "' needs the junction's targetKey");
                }
                PropertyMetadata tk = key(model, r, junction, targetKeyName, "targetKey");
                agree(model, r, model, id, junction, fk);
                agree(model, r, target, target.id(), junction, tk);
                return new RelationKeys(r, target, id, fk, junction, tk, target.id());
            }
        }
    }

    /** Checks every relation of a model; see {@link #of(ModelMetadata, RelationMetadata)}. */
    public static void checkAll(ModelMetadata<?> model) {
        for (RelationMetadata r : model.relations()) {
            of(model, r);
        }
    }

    private static ModelMetadata<?> model(ModelMetadata<?> model, RelationMetadata r, Class<?> type, String what) {
        if (type == void.class) {
            throw new ModelDefinitionException(model.type(), "relation '" + r.name() + "' has no " + what + " model");
        }
        try {
            return ModelMetadata.of(type);
        } catch (ModelDefinitionException e) {
            throw new ModelDefinitionException(model.type(), "relation '" + r.name() + "': its " + what + " "
                    + type.getSimpleName() + " is not a usable model (" + e.getMessage() + ")");
        }
    }

    /** The property named (empty means the id) on the model that must hold it. */
    private static PropertyMetadata key(ModelMetadata<?> model, RelationMetadata r, ModelMetadata<?> holder,
                                        String name, String attribute) {
        if (name.isEmpty()) {
            return holder.id();
        }
        PropertyMetadata p = holder.property(name);
        if (p == null) {
            throw new ModelDefinitionException(model.type(), "relation '" + r.name() + "': " + attribute + " '"
                    + name + "' is not a property of " + holder.type().getSimpleName());
        }
        if (p.kind() == ValueKind.JSON || p.kind() == ValueKind.ARRAY || p.kind() == ValueKind.BYTES) {
            throw new ModelDefinitionException(model.type(), "relation '" + r.name() + "': " + attribute + " '"
                    + name + "' of " + holder.type().getSimpleName() + " is a " + p.kind() + ", not a scalar key");
        }
        return p;
    }

    private static void agree(ModelMetadata<?> model, RelationMetadata r, ModelMetadata<?> aHolder,
                              PropertyMetadata a, ModelMetadata<?> bHolder, PropertyMetadata b) {
        if (a.kind() == b.kind() || INTEGRAL.contains(a.kind()) && INTEGRAL.contains(b.kind())) {
            return;
        }
        throw new ModelDefinitionException(model.type(), "relation '" + r.name() + "': key '" + a.name() + "' of "
                + aHolder.type().getSimpleName() + " (" + a.type().getSimpleName() + ") and key '" + b.name()
                + "' of " + bHolder.type().getSimpleName() + " (" + b.type().getSimpleName()
                + ") have different types");
    }
}
