package io.ember.core.model;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads a model's annotations into {@link ModelMetadata}, refusing models that cannot work. */
final class ModelReader {

    private static final Set<Class<?>> TIMESTAMPS = Set.of(Instant.class, OffsetDateTime.class, LocalDateTime.class);
    private static final Set<Class<?>> INTEGRALS = Set.of(int.class, Integer.class, long.class, Long.class);
    private static final Set<Class<?>> AUDIT_USERS = Set.of(String.class, java.util.UUID.class, Long.class,
            Integer.class);

    private ModelReader() {
    }

    static <T> ModelMetadata<T> read(Class<T> type) {
        if (!type.isRecord()) {
            throw new ModelDefinitionException(type, "a model must be a record");
        }
        Model model = type.getAnnotation(Model.class);
        String table = model == null || model.table().isEmpty() ? Names.snakeCase(type.getSimpleName()) : model.table();
        String schema = model == null || model.schema().isEmpty() ? null : model.schema();

        RecordComponent[] components = type.getRecordComponents();
        List<PropertyMetadata> properties = new ArrayList<>();
        List<RelationMetadata> relations = new ArrayList<>();
        MethodHandle[] accessors = new MethodHandle[components.length];
        Object[] primitiveDefaults = new Object[components.length];
        Map<String, String> columns = new HashMap<>();
        PropertyMetadata id = null;
        List<PropertyMetadata> key = new ArrayList<>(1);
        IdStrategy idStrategy = IdStrategy.IDENTITY;

        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            accessors[i] = accessor(type, c);
            if (c.getType().isPrimitive()) {
                primitiveDefaults[i] = zero(c.getType());
            }
            RelationMetadata relation = RelationReader.read(type, c, i);
            if (relation != null) {
                relations.add(relation);
                continue;
            }
            PropertyMetadata p = property(type, c, i, accessors[i]);
            String previous = columns.put(p.column(), p.name());
            if (previous != null) {
                throw new ModelDefinitionException(type, "properties '" + previous + "' and '" + p.name()
                        + "' both map to column '" + p.column() + "'");
            }
            if (p.isId()) {
                IdStrategy strategy = c.getAnnotation(Id.class).strategy();
                checkId(type, p, strategy);
                if (id == null) {
                    id = p;
                    idStrategy = strategy;
                } else if (idStrategy != IdStrategy.CLIENT || strategy != IdStrategy.CLIENT) {
                    throw new ModelDefinitionException(type, "both '" + id.name() + "' and '" + p.name()
                            + "' are marked @Id; a model has one id, or a composite key whose components are all"
                            + " @Id(strategy = IdStrategy.CLIENT)");
                }
                key.add(p);
            }
            properties.add(p);
        }
        checkOnlyOne(type, properties, PropertyMetadata.Role.CREATED_BY, "@CreatedBy");
        checkOnlyOne(type, properties, PropertyMetadata.Role.MODIFIED_BY, "@ModifiedBy");
        if (id == null) {
            throw new ModelDefinitionException(type, "no component is marked @Id");
        }
        for (RelationMetadata r : relations) {
            RelationReader.checkLocalKey(type, r, properties);
        }
        return new ModelMetadata<>(type, table, schema, properties, id, key, idStrategy, relations,
                constructor(type, components), accessors, primitiveDefaults);
    }

    private static PropertyMetadata property(Class<?> model, RecordComponent c, int index, MethodHandle accessor) {
        String name = c.getName();
        Column column = c.getAnnotation(Column.class);
        String columnName = column == null || column.value().isEmpty() ? Names.snakeCase(name) : column.value();
        PropertyMetadata.Role role = role(model, c);
        ValueKind kind;
        ValueKind elementKind = null;
        if (c.isAnnotationPresent(Json.class)) {
            kind = ValueKind.JSON;
        } else {
            kind = ValueKind.scalarOf(c.getType());
            if (kind == null) {
                elementKind = elementKind(c);
                if (elementKind == null) {
                    throw new ModelDefinitionException(model, "property '" + name + "' has unsupported type "
                            + c.getGenericType().getTypeName() + "; " + TypeAdvice.forType(c.getType(), c.getGenericType()));
                }
                kind = ValueKind.ARRAY;
            }
        }
        checkRole(model, c, role);
        boolean nullable = !c.getType().isPrimitive() && role != PropertyMetadata.Role.ID
                && (column == null || column.nullable());
        return new PropertyMetadata(name, columnName, c.getType(), c.getGenericType(), kind, elementKind, nullable,
                role, c.isAnnotationPresent(Hidden.class), index, accessor);
    }

    private static @Nullable ValueKind elementKind(RecordComponent c) {
        Class<?> element = null;
        if (c.getType().isArray()) {
            element = c.getType().getComponentType();
        } else if (c.getType() == List.class && c.getGenericType() instanceof ParameterizedType pt) {
            Type arg = pt.getActualTypeArguments()[0];
            element = arg instanceof Class<?> k ? k : null;
        }
        if (element == null) {
            return null;
        }
        ValueKind kind = ValueKind.scalarOf(element);
        return kind == null || kind == ValueKind.BYTES ? null : kind;
    }

    private static PropertyMetadata.Role role(Class<?> model, RecordComponent c) {
        List<PropertyMetadata.Role> roles = new ArrayList<>(1);
        if (c.isAnnotationPresent(Id.class)) {
            roles.add(PropertyMetadata.Role.ID);
        }
        if (c.isAnnotationPresent(CreatedAt.class)) {
            roles.add(PropertyMetadata.Role.CREATED_AT);
        }
        if (c.isAnnotationPresent(ModifiedAt.class)) {
            roles.add(PropertyMetadata.Role.MODIFIED_AT);
        }
        if (c.isAnnotationPresent(DeletedAt.class)) {
            roles.add(PropertyMetadata.Role.DELETED_AT);
        }
        if (c.isAnnotationPresent(Version.class)) {
            roles.add(PropertyMetadata.Role.VERSION);
        }
        if (c.isAnnotationPresent(CreatedBy.class)) {
            roles.add(PropertyMetadata.Role.CREATED_BY);
        }
        if (c.isAnnotationPresent(ModifiedBy.class)) {
            roles.add(PropertyMetadata.Role.MODIFIED_BY);
        }
        if (roles.size() > 1) {
            throw new ModelDefinitionException(model, "property '" + c.getName() + "' has conflicting roles " + roles);
        }
        return roles.isEmpty() ? PropertyMetadata.Role.NONE : roles.get(0);
    }

    private static void checkRole(Class<?> model, RecordComponent c, PropertyMetadata.Role role) {
        switch (role) {
            case CREATED_AT, MODIFIED_AT, DELETED_AT -> {
                if (!TIMESTAMPS.contains(c.getType())) {
                    throw new ModelDefinitionException(model, "property '" + c.getName() + "' is a " + role
                            + " timestamp and must be Instant, OffsetDateTime or LocalDateTime");
                }
            }
            case VERSION -> {
                if (!INTEGRALS.contains(c.getType())) {
                    throw new ModelDefinitionException(model, "property '" + c.getName()
                            + "' is a @Version and must be int, long, Integer or Long");
                }
            }
            case CREATED_BY, MODIFIED_BY -> {
                if (!AUDIT_USERS.contains(c.getType())) {
                    throw new ModelDefinitionException(model, "property '" + c.getName() + "' is a @"
                            + (role == PropertyMetadata.Role.CREATED_BY ? "CreatedBy" : "ModifiedBy")
                            + " user and must be String, UUID, Long or Integer (boxed: an anonymous write leaves"
                            + " it null), was " + c.getType().getSimpleName());
                }
            }
            default -> {
            }
        }
    }

    private static void checkOnlyOne(Class<?> model, List<PropertyMetadata> properties, PropertyMetadata.Role role,
                                     String annotation) {
        List<String> names = properties.stream().filter(p -> p.role() == role).map(PropertyMetadata::name).toList();
        if (names.size() > 1) {
            throw new ModelDefinitionException(model, "properties " + names + " are all marked " + annotation
                    + "; a model has at most one");
        }
    }

    private static void checkId(Class<?> model, PropertyMetadata id, IdStrategy strategy) {
        boolean ok = switch (strategy) {
            case IDENTITY -> INTEGRALS.contains(id.type());
            case UUID -> id.type() == java.util.UUID.class;
            case CLIENT -> id.kind() != ValueKind.JSON && id.kind() != ValueKind.ARRAY && id.kind() != ValueKind.BYTES;
        };
        if (!ok) {
            throw new ModelDefinitionException(model, "id '" + id.name() + "' of type " + id.type().getSimpleName()
                    + " does not fit strategy " + strategy
                    + " (IDENTITY: int or long; UUID: java.util.UUID; CLIENT: a scalar)");
        }
    }

    private static MethodHandle accessor(Class<?> model, RecordComponent c) {
        try {
            var method = c.getAccessor();
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ModelDefinitionException(model, "cannot access component '" + c.getName() + "': " + e);
        }
    }

    private static MethodHandle constructor(Class<?> model, RecordComponent[] components) {
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> ctor = model.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(ctor)
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ModelDefinitionException(model, "cannot access the canonical constructor: " + e);
        }
    }

    private static Object zero(Class<?> primitive) {
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(primitive, 1), 0);
    }
}
