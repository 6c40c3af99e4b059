package io.ember.core.model;

import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything Ember knows about a model, read once from its annotations and cached per class.
 * Instances are immutable and shared; {@link #of(Class)} is cheap after the first call.
 *
 * @param <T> the model type
 */
public final class ModelMetadata<T> {

    private static final ClassValue<ModelMetadata<?>> CACHE = new ClassValue<>() {
        @Override
        protected ModelMetadata<?> computeValue(Class<?> type) {
            return ModelReader.read(type);
        }
    };

    private final Class<T> type;
    private final String table;
    private final @Nullable String schema;
    private final String qualifiedTable;
    private final List<PropertyMetadata> properties;
    private final List<PropertyMetadata> selectable;
    private final Map<String, PropertyMetadata> byName;
    private final PropertyMetadata id;
    private final List<PropertyMetadata> key;
    private final IdStrategy idStrategy;
    private final List<RelationMetadata> relations;
    private final Map<String, RelationMetadata> relationsByName;
    private final int componentCount;
    private final MethodHandle constructor;
    private final MethodHandle[] accessors;
    private final @Nullable Object[] primitiveDefaults;

    ModelMetadata(Class<T> type, String table, @Nullable String schema, List<PropertyMetadata> properties,
                  PropertyMetadata id, List<PropertyMetadata> key, IdStrategy idStrategy,
                  List<RelationMetadata> relations,
                  MethodHandle constructor, MethodHandle[] accessors, @Nullable Object[] primitiveDefaults) {
        this.type = type;
        this.table = table;
        this.schema = schema;
        this.qualifiedTable = schema == null ? Names.quote(table) : Names.quote(schema) + "." + Names.quote(table);
        this.properties = List.copyOf(properties);
        this.selectable = properties.stream().filter(p -> !p.hidden()).toList();
        Map<String, PropertyMetadata> names = new LinkedHashMap<>();
        properties.forEach(p -> names.put(p.name(), p));
        this.byName = Collections.unmodifiableMap(names);
        this.id = id;
        this.key = List.copyOf(key);
        this.idStrategy = idStrategy;
        this.relations = List.copyOf(relations);
        Map<String, RelationMetadata> rels = new LinkedHashMap<>();
        relations.forEach(r -> rels.put(r.name(), r));
        this.relationsByName = Collections.unmodifiableMap(rels);
        this.componentCount = accessors.length;
        this.constructor = constructor;
        this.accessors = accessors;
        this.primitiveDefaults = primitiveDefaults;
    }

    /**
     * The metadata of a model class, read on first use and cached.
     *
     * @throws ModelDefinitionException if the class cannot be a model; the message names the
     *                                  model and the property at fault
     */
    @SuppressWarnings("unchecked")
    public static <T> ModelMetadata<T> of(Class<T> type) {
        return (ModelMetadata<T>) CACHE.get(type);
    }

    /** The model class. */
    public Class<T> type() {
        return type;
    }

    /** The table name, unquoted. */
    public String table() {
        return table;
    }

    /** The schema, or {@code null} for the connection's search path. */
    public @Nullable String schema() {
        return schema;
    }

    /** The quoted, schema-qualified table name, safe to put in SQL. */
    public String qualifiedTable() {
        return qualifiedTable;
    }

    /** Every stored property (relations excluded), in declaration order. */
    public List<PropertyMetadata> properties() {
        return properties;
    }

    /** The stored properties that reads may return: all but the {@link Hidden} ones. */
    public List<PropertyMetadata> selectable() {
        return selectable;
    }

    /** The stored property of that Java name, or {@code null}. */
    public @Nullable PropertyMetadata property(String name) {
        return byName.get(name);
    }

    /** The id property; for a model with a {@linkplain #hasCompositeKey() composite key}, its first component. */
    public PropertyMetadata id() {
        return id;
    }

    /**
     * The primary key's properties in declaration order: the id alone, or every {@code @Id} of a
     * composite key (a junction's {@code postId, tagId}, all {@link IdStrategy#CLIENT}).
     */
    public List<PropertyMetadata> key() {
        return key;
    }

    /** Whether the primary key has more than one property. */
    public boolean hasCompositeKey() {
        return key.size() > 1;
    }

    /** How ids are produced. */
    public IdStrategy idStrategy() {
        return idStrategy;
    }

    /** The first property with that role, or {@code null}. */
    public @Nullable PropertyMetadata withRole(PropertyMetadata.Role role) {
        for (PropertyMetadata p : properties) {
            if (p.role() == role) {
                return p;
            }
        }
        return null;
    }

    /** The declared relations. */
    public List<RelationMetadata> relations() {
        return relations;
    }

    /** The relation of that name, or {@code null}. */
    public @Nullable RelationMetadata relation(String name) {
        return relationsByName.get(name);
    }

    /** The number of record components, stored properties and relations together. */
    public int componentCount() {
        return componentCount;
    }

    /**
     * Builds an instance from component values in declaration order; {@code null} for a primitive
     * becomes its zero value.
     */
    public T newInstance(@Nullable Object[] components) {
        @Nullable Object[] defaults = primitiveDefaults;
        for (int i = 0; i < defaults.length; i++) {
            if (defaults[i] != null && components[i] == null) {
                components[i] = defaults[i];
            }
        }
        try {
            return type.cast((Object) constructor.invokeExact(components));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot construct " + type.getName(), e);
        }
    }

    /** The component values of an entity, in declaration order (relations included). */
    public @Nullable Object[] components(T entity) {
        Object[] out = new Object[componentCount];
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = (Object) accessors[i].invokeExact((Object) entity);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot read " + type.getName(), e);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ModelMetadata[" + type.getSimpleName() + " -> " + qualifiedTable + "]";
    }
}
