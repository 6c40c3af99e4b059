package io.ember.core.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a model says about its table beyond its columns: defaults, unique constraints, indexes, check
 * constraints (declared with {@link Check}, and one per enum property) and foreign keys (from
 * {@link BelongsTo}, and from the junctions of {@link HasManyThrough} relations). Read once per model
 * and cached; constraint names follow PostgreSQL's own ({@code users_email_key}, {@code posts_author_id_fkey},
 * {@code post_tags_tag_id_idx}), cut to 63 characters.
 *
 * <p>Defaults, check expressions and partial-index predicates are the model author's SQL text,
 * taken from the annotations as written.
 */
public final class ModelSchema {

    private static final ClassValue<ModelSchema> CACHE = new ClassValue<>() {
        @Override
        protected ModelSchema computeValue(Class<?> type) {
            return ModelSchemaReader.read(ModelMetadata.of(type));
        }
    };

    private final ModelMetadata<?> model;
    private final Map<String, String> defaults;
    private final List<UniqueKey> uniqueKeys;
    private final List<TableIndex> indexes;
    private final List<CheckConstraint> checks;
    private final List<ForeignKey> foreignKeys;

    ModelSchema(ModelMetadata<?> model, Map<String, String> defaults, List<UniqueKey> uniqueKeys,
                List<TableIndex> indexes, List<CheckConstraint> checks, List<ForeignKey> foreignKeys) {
        this.model = model;
        this.defaults = Map.copyOf(defaults);
        this.uniqueKeys = List.copyOf(uniqueKeys);
        this.indexes = List.copyOf(indexes);
        this.checks = List.copyOf(checks);
        this.foreignKeys = List.copyOf(foreignKeys);
    }

    /**
     * The schema description of a model, read on first use and cached.
     *
     * @throws ModelDefinitionException if an annotation names a property the model does not have, or
     *                                  asks for something the column cannot do
     */
    public static ModelSchema of(Class<?> type) {
        return CACHE.get(type);
    }

    /** The model described. */
    public ModelMetadata<?> model() {
        return model;
    }

    /** The {@link Default} SQL of a property, or {@code null}. */
    public @Nullable String defaultOf(PropertyMetadata property) {
        return defaults.get(property.name());
    }

    /** The unique constraints, single and composite. */
    public List<UniqueKey> uniqueKeys() {
        return uniqueKeys;
    }

    /** The indexes. */
    public List<TableIndex> indexes() {
        return indexes;
    }

    /** The check constraints: declared ones, then one per enum property. */
    public List<CheckConstraint> checks() {
        return checks;
    }

    /**
     * The foreign keys this model implies: those of its {@link BelongsTo} relations (owned by this
     * model's table) and those of the junction of each {@link HasManyThrough} (owned by the junction's
     * table, {@code ON DELETE CASCADE} on both sides). See {@link ForeignKey#owner()}.
     */
    public List<ForeignKey> foreignKeys() {
        return foreignKeys;
    }

    /**
     * A unique constraint.
     *
     * @param name       the constraint name
     * @param properties its properties, in order
     */
    public record UniqueKey(String name, List<PropertyMetadata> properties) {
    }

    /**
     * An index.
     *
     * @param name       the index name
     * @param properties the indexed properties, in order
     * @param method     the access method, lower case ({@code btree}, {@code gin})
     * @param where      the partial index's predicate (author's SQL), or {@code null}
     * @param unique     whether it is a unique index
     */
    public record TableIndex(String name, List<PropertyMetadata> properties, String method, @Nullable String where,
                             boolean unique) {
    }

    /**
     * A check constraint.
     *
     * @param name       the constraint name
     * @param expression the boolean SQL expression
     */
    public record CheckConstraint(String name, String expression) {
    }

    /**
     * A foreign key.
     *
     * @param name          the constraint name
     * @param owner         the model whose table holds the key
     * @param columns       the owner's key properties
     * @param target        the referenced model
     * @param targetColumns the referenced properties
     * @param onDelete      the delete rule
     */
    public record ForeignKey(String name, ModelMetadata<?> owner, List<PropertyMetadata> columns,
                             ModelMetadata<?> target, List<PropertyMetadata> targetColumns, OnDelete onDelete) {
    }
}
