package io.ember.r2dbc.repository;

import io.ember.core.filter.PropertyPath;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.PropertyMetadata.Role;
import io.ember.core.model.ValueKind;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.mapping.Values;
import io.ember.r2dbc.sql.Assignment;
import io.ember.r2dbc.sql.ModelSql;
import java.lang.reflect.Array;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns entities and patches into what the SQL renderers take: the insert columns and their
 * driver values (ids generated, timestamps and versions filled in), and SET assignments.
 * Mistakes (a missing client id, an unknown patch key) throw at call time.
 */
final class WritePlan<T> {

    private final ModelMetadata<T> model;
    private final List<PropertyMetadata> insertColumns;
    private final List<PropertyMetadata> replaceColumns;
    private final @Nullable PropertyMetadata modifiedAt;
    private final @Nullable PropertyMetadata version;
    private final AuditUsers.@Nullable Slot modifiedBySlot;

    private static final java.util.Set<ValueKind> NUMBERS = java.util.EnumSet.of(ValueKind.SHORT, ValueKind.INT,
            ValueKind.LONG, ValueKind.FLOAT, ValueKind.DOUBLE, ValueKind.DECIMAL);

    WritePlan(ModelMetadata<T> model) {
        this.model = model;
        boolean identity = model.idStrategy() == IdStrategy.IDENTITY;
        this.insertColumns = model.properties().stream().filter(p -> !(p.isId() && identity)).toList();
        this.replaceColumns = model.properties().stream()
                .filter(p -> !p.isId() && p.role() != Role.CREATED_AT && p.role() != Role.CREATED_BY
                        && p.role() != Role.VERSION).toList();
        this.modifiedAt = model.withRole(Role.MODIFIED_AT);
        this.version = model.withRole(Role.VERSION);
        PropertyMetadata modifiedBy = model.withRole(Role.MODIFIED_BY);
        this.modifiedBySlot = modifiedBy == null ? null : new AuditUsers.Slot(modifiedBy);
    }

    ModelMetadata<T> model() {
        return model;
    }

    List<PropertyMetadata> insertColumns() {
        return insertColumns;
    }

    /** The insert columns with the key first (every column of a composite key), for an upsert of an entity that has one. */
    List<PropertyMetadata> upsertColumns() {
        List<PropertyMetadata> out = new ArrayList<>(model.key());
        insertColumns.stream().filter(p -> !p.isId()).forEach(out::add);
        return out;
    }

    @Nullable PropertyMetadata version() {
        return version;
    }

    /**
     * The model values to insert for an entity, in {@code columns} order, with defaults filled in; the
     * {@code @CreatedBy}/{@code @ModifiedBy} columns hold an {@link AuditUsers.Slot} whatever the entity
     * says, for the acting user.
     */
    Object[] insertValues(T entity, List<PropertyMetadata> columns, Instant now) {
        return insertValues(entity, columns, now, 0);
    }

    /**
     * The same, at {@code offset} in an array of {@code offset} more elements (left null, for values
     * the caller puts first).
     */
    Object[] insertValues(T entity, List<PropertyMetadata> columns, Instant now, int offset) {
        if (entity == null) {
            throw new IllegalArgumentException("entity must not be null");
        }
        Object[] components = model.components(entity);
        Object[] out = new Object[offset + columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            PropertyMetadata p = columns.get(i);
            Object value = components[p.index()];
            if (p.isAuditUser()) {
                value = new AuditUsers.Slot(p);
            } else if (value == null) {
                value = defaultFor(p, now);
            }
            out[offset + i] = value;
        }
        return out;
    }

    private @Nullable Object defaultFor(PropertyMetadata p, Instant now) {
        return switch (p.role()) {
            case ID -> switch (model.idStrategy()) {
                case UUID -> UUID.randomUUID();
                case CLIENT -> throw new IllegalArgumentException(model.type().getSimpleName() + "." + p.name()
                        + " uses IdStrategy.CLIENT and must be set before insert");
                case IDENTITY -> null;
            };
            case CREATED_AT, MODIFIED_AT -> timestamp(p, now);
            case VERSION -> p.type() == Integer.class || p.type() == int.class ? (Object) 0 : (Object) 0L;
            default -> null;
        };
    }

    /**
     * The entity as written: the inserted model values, the acting user in the audit columns, the
     * generated id when there is one, and {@code @Hidden} properties left null (they are never returned).
     */
    T written(List<PropertyMetadata> columns, Object[] values, @Nullable Object generatedId, @Nullable Object user) {
        Object[] components = new Object[model.componentCount()];
        for (int i = 0; i < values.length; i++) {
            PropertyMetadata p = columns.get(i);
            if (!p.hidden()) {
                components[p.index()] = values[i] instanceof AuditUsers.Slot ? user : values[i];
            }
        }
        if (generatedId != null) {
            components[model.id().index()] = generatedId;
        }
        return model.newInstance(components);
    }

    /** Driver values for one row of model values; an audit slot stays a slot, filled on subscription. */
    static List<Object> toDriver(List<PropertyMetadata> columns, Object[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            out.add(values[i] instanceof AuditUsers.Slot slot ? slot : Values.toDriver(columns.get(i), values[i]));
        }
        return out;
    }

    /**
     * One typed array per column ({@code Long[]}, {@code String[]} for jsonb and enums) for an unnest
     * insert; an audit column is an {@link AuditUsers.ColumnSlot}, filled on subscription.
     */
    static List<Object> toColumnArrays(List<PropertyMetadata> columns, List<Object[]> rows) {
        List<Object> arrays = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            PropertyMetadata p = columns.get(c);
            if (p.isAuditUser()) {
                arrays.add(new AuditUsers.ColumnSlot(p, rows.size()));
                continue;
            }
            boolean json = p.kind() == ValueKind.JSON;
            Object array = Array.newInstance(json ? String.class : p.kind().driverType(), rows.size());
            Object[] items = (Object[]) array;
            for (int r = 0; r < items.length; r++) {
                Object v = rows.get(r)[c];
                items[r] = v == null ? null : json ? Values.toJson(v).asString() : Values.scalar(p.kind(), v);
            }
            arrays.add(array);
        }
        return arrays;
    }

    /**
     * SET assignments of a patch, plus the modified-at timestamp and version increment. A key inside a
     * {@code @Json} property becomes a {@link Assignment.SetJsonPath}, an increment an {@link Assignment.Add}.
     */
    List<Assignment> assignments(Patch patch, Instant now) {
        if (patch == null || patch.isEmpty()) {
            throw new IllegalArgumentException("patch must set at least one property");
        }
        List<Assignment> out = new ArrayList<>(patch.values().size() + 2);
        for (Map.Entry<String, Object> e : patch.values().entrySet()) {
            PropertyPath path = PropertyPath.parse(e.getKey(), "patch");
            PropertyMetadata p = model.property(path.property());
            if (p == null) {
                throw new IllegalArgumentException("Patch names unknown property '" + path.property() + "' of "
                        + model.type().getSimpleName() + " (known: "
                        + model.properties().stream().map(PropertyMetadata::name).toList() + ")");
            }
            if (p.isAuditUser()) {
                throw new IllegalArgumentException("Patch may not set '" + p.name() + "': it is written from the"
                        + " acting user in the Reactor Context (Auditor.withUser)");
            }
            if (p.isId() || p.role() == Role.VERSION) {
                throw new IllegalArgumentException("Patch may not set " + p.role().name().toLowerCase()
                        + " property '" + p.name() + "'");
            }
            if (e.getValue() instanceof Patch.Increment inc) {
                out.add(increment(p, path, e.getKey(), inc.amount()));
            } else if (path.isJson()) {
                if (p.kind() != ValueKind.JSON) {
                    throw new IllegalArgumentException("Patch key '" + e.getKey() + "' is a path into '" + p.name()
                            + "', which is not a @Json property");
                }
                out.add(new Assignment.SetJsonPath(p, path.jsonPath(), Values.toJson(e.getValue()), e.getKey()));
            } else {
                out.add(new Assignment.Set(p, convert(p, e.getValue())));
            }
        }
        addAutomatic(out, patch.values().keySet(), now);
        return out;
    }

    private static Assignment increment(PropertyMetadata p, PropertyPath path, String key, Number amount) {
        if (path.isJson() || !NUMBERS.contains(p.kind())) {
            throw new IllegalArgumentException("Patch increments '" + key + "', which is not a numeric property ("
                    + (path.isJson() ? "a path into a document" : p.kind()) + ")");
        }
        return new Assignment.Add(p, convert(p, amount));
    }

    /**
     * SET assignments replacing every stored property but the id, the creation time, the creating user
     * and the version; the modification time and user are set as a patch sets them. A {@code @Hidden}
     * property whose value is null is left as stored: it reads back null, so an entity read, changed
     * and written back would otherwise wipe it.
     */
    List<Assignment> replacement(T entity, Instant now) {
        if (entity == null) {
            throw new IllegalArgumentException("entity must not be null");
        }
        Object[] components = model.components(entity);
        List<Assignment> out = new ArrayList<>(replaceColumns.size() + 1);
        for (PropertyMetadata p : replaceColumns) {
            Object value = components[p.index()];
            if (p.role() == Role.MODIFIED_AT || p.role() == Role.MODIFIED_BY || (p.hidden() && value == null)) {
                continue;
            }
            out.add(new Assignment.Set(p, Values.toDriver(p, value)));
        }
        addAutomatic(out, java.util.Set.of(), now);
        return out;
    }

    /**
     * What an upsert does on a conflict: set every inserted column but the conflict target, the id,
     * the creation time, the audit users and a {@code @Hidden} property whose value is null; set the
     * modification time and the modifying user; increment the version, only if the stored row is at the entity's; leave a soft-deleted row alone
     * unless {@code restoreDeleted}.
     */
    ModelSql.OnConflict onConflict(List<PropertyMetadata> columns, Object[] values, List<PropertyMetadata> target,
                                   boolean restoreDeleted, Instant now) {
        List<Assignment> update = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            PropertyMetadata p = columns.get(i);
            boolean skip = p.isId() || target.contains(p) || p.role() == Role.CREATED_AT || p.role() == Role.VERSION
                    || p.role() == Role.MODIFIED_AT || p.isAuditUser() || (p.hidden() && values[i] == null);
            if (!skip) {
                update.add(new Assignment.Excluded(p));
            }
        }
        addAutomatic(update, java.util.Set.of(), now);
        return new ModelSql.OnConflict(target, update, version, restoreDeleted ? null : model.withRole(Role.DELETED_AT));
    }

    /**
     * The modified-at timestamp (unless the caller set it), the modified-by slot for the acting user and
     * the version increment.
     */
    void addAutomatic(List<Assignment> out, java.util.Set<String> setByCaller, Instant now) {
        if (modifiedAt != null && !setByCaller.contains(modifiedAt.name())) {
            out.add(new Assignment.Set(modifiedAt, Values.toDriver(modifiedAt, timestamp(modifiedAt, now))));
        }
        if (modifiedBySlot != null) {
            out.add(new Assignment.Set(modifiedBySlot.property(), modifiedBySlot));
        }
        if (version != null) {
            out.add(new Assignment.Increment(version));
        }
    }

    private static Object convert(PropertyMetadata p, @Nullable Object value) {
        try {
            return Values.toDriver(p, value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot write " + value + " to " + p.name() + " (" + p.kind() + "): "
                    + e.getMessage(), e);
        }
    }

    /** Now, truncated to PostgreSQL's microseconds, in the property's type. */
    static Object timestamp(PropertyMetadata p, Instant now) {
        if (p.type() == OffsetDateTime.class) {
            return now.atOffset(ZoneOffset.UTC);
        }
        if (p.type() == LocalDateTime.class) {
            return LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        }
        return now;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
