package io.ember.r2dbc.schema;

import io.ember.core.model.IdStrategy;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.ModelSchema;
import io.ember.core.model.OnDelete;
import io.ember.core.model.PropertyMetadata;
import io.ember.r2dbc.schema.LiveCatalog.LiveColumn;
import io.ember.r2dbc.schema.LiveCatalog.LiveConstraint;
import io.ember.r2dbc.schema.LiveCatalog.LiveIndex;
import io.ember.r2dbc.schema.LiveCatalog.Table;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What validation compares beyond columns, on a table that exists: the primary key's columns, identity,
 * the presence of a default the model declares, each unique constraint, check constraint and index by
 * name (an index's access method and uniqueness too), and each foreign key by name with its delete rule.
 * Default expressions and check expressions are not compared as text: PostgreSQL stores them rewritten.
 */
final class CatalogChecks {

    private static final Map<Character, OnDelete> DELETE_RULES = Map.of('a', OnDelete.NO_ACTION,
            'r', OnDelete.RESTRICT, 'c', OnDelete.CASCADE, 'n', OnDelete.SET_NULL, 'd', OnDelete.SET_DEFAULT);

    private CatalogChecks() {
    }

    /** The key, identity, defaults, constraints and indexes of one model's existing table. */
    static void table(ModelMetadata<?> m, Table table, List<String> out) {
        List<String> key = m.key().stream().map(PropertyMetadata::column).toList();
        LiveConstraint pk = table.primaryKey();
        if (pk == null) {
            out.add(m.table() + ": no primary key in the database, " + key + " in the model");
        } else if (!pk.columns().equals(key)) {
            out.add(m.table() + ": primary key " + pk.columns() + " in the database, " + key + " in the model");
        }
        ModelSchema schema = ModelSchema.of(m.type());
        for (PropertyMetadata p : m.properties()) {
            LiveColumn column = table.columns().get(p.column());
            if (column == null) {
                continue;
            }
            String where = m.table() + "." + p.column();
            boolean identity = p.isId() && !m.hasCompositeKey() && m.idStrategy() == IdStrategy.IDENTITY;
            if (identity && column.identity() == ' ') {
                out.add(where + ": not an identity column in the database, GENERATED ALWAYS AS IDENTITY in the model");
            } else if (!identity && column.identity() != ' ') {
                out.add(where + ": an identity column in the database, not in the model");
            }
            String value = p.isId() && m.idStrategy() == IdStrategy.UUID && !m.hasCompositeKey()
                    ? "gen_random_uuid()" : schema.defaultOf(p);
            if (value != null && !column.hasDefault()) {
                out.add(where + ": no default in the database, DEFAULT " + value + " in the model");
            }
        }
        for (ModelSchema.UniqueKey u : schema.uniqueKeys()) {
            LiveConstraint live = table.constraints().get(u.name());
            if (live == null || live.kind() != 'u') {
                out.add(m.table() + "." + u.name() + ": missing unique constraint");
            }
        }
        for (ModelSchema.CheckConstraint c : schema.checks()) {
            LiveConstraint live = table.constraints().get(c.name());
            if (live == null || live.kind() != 'c') {
                out.add(m.table() + "." + c.name() + ": missing check constraint");
            }
        }
        for (ModelSchema.TableIndex i : schema.indexes()) {
            LiveIndex live = table.indexes().get(i.name());
            String where = m.table() + "." + i.name();
            if (live == null) {
                out.add(where + ": missing index");
                continue;
            }
            if (!live.method().equals(i.method())) {
                out.add(where + ": index method " + live.method() + " in the database, " + i.method() + " in the model");
            }
            if (live.unique() != i.unique()) {
                out.add(where + ": " + (live.unique() ? "unique" : "not unique") + " in the database, "
                        + (i.unique() ? "unique" : "not unique") + " in the model");
            }
        }
    }

    /** The foreign keys whose tables both exist: missing ones, and delete rules that differ. */
    static void foreignKeys(Collection<? extends ModelMetadata<?>> models, LiveCatalog live, List<String> out) {
        for (ModelSchema.ForeignKey fk : SchemaOrder.foreignKeys(models)) {
            Table table = live.table(fk.owner());
            if (table == null || live.table(fk.target()) == null) {
                continue;
            }
            String where = fk.owner().table() + "." + fk.name();
            LiveConstraint key = table.constraints().get(fk.name());
            if (key == null || key.kind() != 'f') {
                out.add(where + ": missing foreign key");
                continue;
            }
            OnDelete rule = DELETE_RULES.get(key.deleteRule());
            if (rule != fk.onDelete()) {
                out.add(where + ": ON DELETE " + (rule == null ? "?" : rule.sql()) + " in the database, "
                        + fk.onDelete().sql() + " in the model");
            }
        }
    }
}
