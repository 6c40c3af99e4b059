package io.ember.core.model;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the relation annotations of a record component. */
final class RelationReader {

    private RelationReader() {
    }

    static @Nullable RelationMetadata read(Class<?> model, RecordComponent c, int index) {
        String name = c.getName();
        BelongsTo belongsTo = c.getAnnotation(BelongsTo.class);
        if (belongsTo != null) {
            String fk = belongsTo.foreignKey().isEmpty() ? name + "Id" : belongsTo.foreignKey();
            return new RelationMetadata(name, RelationKind.BELONGS_TO, target(model, c, belongsTo.target(), false),
                    index, fk, belongsTo.references(), null, null);
        }
        HasOne hasOne = c.getAnnotation(HasOne.class);
        if (hasOne != null) {
            return new RelationMetadata(name, RelationKind.HAS_ONE, target(model, c, hasOne.target(), false),
                    index, hasOne.references(), hasOne.foreignKey(), null, null);
        }
        HasMany hasMany = c.getAnnotation(HasMany.class);
        if (hasMany != null) {
            return new RelationMetadata(name, RelationKind.HAS_MANY, target(model, c, hasMany.target(), true),
                    index, hasMany.references(), hasMany.foreignKey(), null, null);
        }
        HasManyThrough through = c.getAnnotation(HasManyThrough.class);
        if (through != null) {
            return new RelationMetadata(name, RelationKind.HAS_MANY_THROUGH, target(model, c, through.target(), true),
                    index, "", through.foreignKey(), through.through(), through.targetKey());
        }
        return null;
    }

    /** Checks that a relation's key on this model names a stored property (empty means the id). */
    static void checkLocalKey(Class<?> model, RelationMetadata r, List<PropertyMetadata> properties) {
        if (r.sourceKey().isEmpty()) {
            return;
        }
        for (PropertyMetadata p : properties) {
            if (p.name().equals(r.sourceKey())) {
                return;
            }
        }
        throw new ModelDefinitionException(model, "relation '" + r.name() + "' needs property '" + r.sourceKey()
                + "', which the model does not have");
    }

    private static Class<?> target(Class<?> model, RecordComponent c, Class<?> declared, boolean toMany) {
        if (declared != void.class) {
            return declared;
        }
        if (!toMany) {
            return c.getType();
        }
        Type generic = c.getGenericType();
        if (c.getType() == List.class && generic instanceof ParameterizedType pt
                && pt.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        throw new ModelDefinitionException(model, "relation '" + c.getName() + "' must be a List<Target>");
    }
}
