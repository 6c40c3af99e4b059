package io.ember.core.model;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** Reads {@link Default}, {@link Unique}, {@link Index}, {@link Check} and relations into a {@link ModelSchema}. */
final class ModelSchemaReader {

    /** PostgreSQL's identifier length limit (NAMEDATALEN - 1). */
    private static final int MAX_NAME = 63;

    private ModelSchemaReader() {
    }

    static ModelSchema read(ModelMetadata<?> model) {
        Class<?> type = model.type();
        RecordComponent[] components = type.getRecordComponents();
        Map<String, String> defaults = new HashMap<>();
        List<ModelSchema.UniqueKey> uniques = new ArrayList<>();
        List<ModelSchema.TableIndex> indexes = new ArrayList<>();
        List<ModelSchema.CheckConstraint> checks = new ArrayList<>();
        Set<String> checkNames = new HashSet<>();
        for (PropertyMetadata p : model.properties()) {
            RecordComponent c = components[p.index()];
            Default d = c.getAnnotation(Default.class);
            if (d != null) {
                defaults.put(p.name(), d.value());
            }
            for (Unique u : c.getAnnotationsByType(Unique.class)) {
                uniques.add(unique(model, u, List.of(p)));
            }
            for (Index i : c.getAnnotationsByType(Index.class)) {
                indexes.add(index(model, i, List.of(p)));
            }
            for (Check k : c.getAnnotationsByType(Check.class)) {
                String name = k.name().isEmpty() ? name(model.table(), List.of(p), "check") : k.name();
                checks.add(new ModelSchema.CheckConstraint(distinct(name, checkNames), k.value()));
            }
        }
        for (Unique u : type.getAnnotationsByType(Unique.class)) {
            uniques.add(unique(model, u, properties(model, u.value(), "@Unique")));
        }
        for (Index i : type.getAnnotationsByType(Index.class)) {
            indexes.add(index(model, i, properties(model, i.value(), "@Index")));
        }
        int n = 0;
        for (Check k : type.getAnnotationsByType(Check.class)) {
            String name = k.name().isEmpty() ? cut(model.table() + "_check" + (++n)) : k.name();
            checks.add(new ModelSchema.CheckConstraint(distinct(name, checkNames), k.value()));
        }
        for (PropertyMetadata p : model.properties()) {
            String enumCheck = enumCheck(p);
            if (enumCheck != null) {
                checks.add(new ModelSchema.CheckConstraint(
                        distinct(name(model.table(), List.of(p), "check"), checkNames), enumCheck));
            }
        }
        return new ModelSchema(model, defaults, uniques, indexes, checks, foreignKeys(model, components));
    }

    private static ModelSchema.UniqueKey unique(ModelMetadata<?> model, Unique u, List<PropertyMetadata> ps) {
        return new ModelSchema.UniqueKey(u.name().isEmpty() ? name(model.table(), ps, "key") : u.name(), ps);
    }

    private static ModelSchema.TableIndex index(ModelMetadata<?> model, Index i, List<PropertyMetadata> ps) {
        String method = switch (i.method()) {
            case AUTO -> ps.size() == 1 && (ps.get(0).kind() == ValueKind.JSON || ps.get(0).isArray()) ? "gin" : "btree";
            default -> i.method().name().toLowerCase(java.util.Locale.ROOT);
        };
        return new ModelSchema.TableIndex(i.name().isEmpty() ? name(model.table(), ps, "idx") : i.name(), ps, method,
                i.where().isEmpty() ? null : i.where(), i.unique());
    }

    private static List<PropertyMetadata> properties(ModelMetadata<?> model, String[] names, String annotation) {
        if (names.length == 0) {
            throw new ModelDefinitionException(model.type(), annotation + " on the model must name its properties");
        }
        List<PropertyMetadata> out = new ArrayList<>(names.length);
        for (String name : names) {
            out.add(property(model, name, annotation));
        }
        return out;
    }

    private static PropertyMetadata property(ModelMetadata<?> model, String name, String what) {
        PropertyMetadata p = model.property(name);
        if (p == null) {
            throw new ModelDefinitionException(model.type(), what + " names property '" + name
                    + "', which the model does not have");
        }
        return p;
    }

    private static @Nullable String enumCheck(PropertyMetadata p) {
        Class<?> enumType = p.kind() == ValueKind.ENUM ? p.type()
                : p.isArray() && p.elementKind() == ValueKind.ENUM ? elementType(p) : null;
        if (enumType == null || enumType.getEnumConstants() == null) {
            return null;
        }
        StringJoiner values = new StringJoiner(", ");
        for (Object constant : enumType.getEnumConstants()) {
            values.add("'" + ((Enum<?>) constant).name().replace("'", "''") + "'");
        }
        String column = Names.quote(p.column());
        return p.isArray() ? column + " <@ ARRAY[" + values + "]::text[]" : column + " IN (" + values + ")";
    }

    private static @Nullable Class<?> elementType(PropertyMetadata p) {
        if (p.type().isArray()) {
            return p.type().getComponentType();
        }
        if (p.genericType() instanceof java.lang.reflect.ParameterizedType pt
                && pt.getActualTypeArguments()[0] instanceof Class<?> k) {
            return k;
        }
        return null;
    }

    private static List<ModelSchema.ForeignKey> foreignKeys(ModelMetadata<?> model, RecordComponent[] components) {
        List<ModelSchema.ForeignKey> out = new ArrayList<>();
        for (RelationMetadata r : model.relations()) {
            if (r.kind() == RelationKind.BELONGS_TO) {
                ModelMetadata<?> target = ModelMetadata.of(r.target());
                PropertyMetadata column = property(model, r.sourceKey(), "relation '" + r.name() + "'");
                PropertyMetadata referenced = r.targetKey().isEmpty() ? target.id()
                        : property(target, r.targetKey(), "relation '" + r.name() + "' of " + model.type().getSimpleName());
                OnDelete onDelete = components[r.index()].getAnnotation(BelongsTo.class).onDelete();
                if ((onDelete == OnDelete.SET_NULL) && !column.nullable()) {
                    throw new ModelDefinitionException(model.type(), "relation '" + r.name()
                            + "' deletes with SET NULL but '" + column.name() + "' is NOT NULL");
                }
                out.add(foreignKey(model, column, target, referenced, onDelete));
            } else if (r.kind() == RelationKind.HAS_MANY_THROUGH && r.through() != null && r.throughTargetKey() != null) {
                ModelMetadata<?> junction = ModelMetadata.of(r.through());
                ModelMetadata<?> target = ModelMetadata.of(r.target());
                String what = "relation '" + r.name() + "' of " + model.type().getSimpleName();
                out.add(foreignKey(junction, property(junction, r.targetKey(), what), model, model.id(),
                        OnDelete.CASCADE));
                out.add(foreignKey(junction, property(junction, r.throughTargetKey(), what), target, target.id(),
                        OnDelete.CASCADE));
            }
        }
        return out;
    }

    private static ModelSchema.ForeignKey foreignKey(ModelMetadata<?> owner, PropertyMetadata column,
                                                     ModelMetadata<?> target, PropertyMetadata referenced,
                                                     OnDelete onDelete) {
        return new ModelSchema.ForeignKey(name(owner.table(), List.of(column), "fkey"), owner, List.of(column), target,
                List.of(referenced), onDelete);
    }

    /** {@code <table>_<col>_<col>_<suffix>}, cut to PostgreSQL's 63 characters. */
    private static String name(String table, List<PropertyMetadata> properties, String suffix) {
        StringJoiner name = new StringJoiner("_", "", "_" + suffix);
        name.add(table);
        properties.forEach(p -> name.add(p.column()));
        return cut(name.toString());
    }

    private static String distinct(String name, Set<String> used) {
        String candidate = name;
        for (int i = 1; !used.add(candidate); i++) {
            candidate = cut(name + i);
        }
        return candidate;
    }

    private static String cut(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }
}
