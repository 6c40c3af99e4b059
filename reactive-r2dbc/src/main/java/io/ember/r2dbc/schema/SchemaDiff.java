package io.ember.r2dbc.schema;

import io.ember.core.model.ModelMetadata;
import io.ember.core.model.ModelSchema;
import io.ember.core.model.Names;
import io.ember.core.model.PropertyMetadata;
import io.ember.r2dbc.schema.LiveCatalog.LiveColumn;
import io.ember.r2dbc.schema.LiveCatalog.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Compares models with a {@link LiveCatalog}: the changes that bring it to the models, or the mismatches in words. */
final class SchemaDiff {

    private SchemaDiff() {
    }

    /** The plan: schemas and tables (referenced first), columns, column changes, constraints, foreign keys, indexes. */
    static MigrationPlan plan(Collection<? extends ModelMetadata<?>> models, LiveCatalog live) {
        List<ModelMetadata<?>> ordered = SchemaOrder.byForeignKeys(models);
        List<MigrationPlan.Change> schemas = new ArrayList<>();
        List<MigrationPlan.Change> tables = new ArrayList<>();
        List<MigrationPlan.Change> columns = new ArrayList<>();
        List<MigrationPlan.Change> constraints = new ArrayList<>();
        Set<String> newSchemas = new LinkedHashSet<>();
        for (ModelMetadata<?> m : ordered) {
            Table table = live.table(m);
            if (table == null) {
                if (m.schema() != null && newSchemas.add(m.schema())) {
                    schemas.add(safe("CREATE SCHEMA IF NOT EXISTS " + Names.quote(m.schema()), m.schema() + ": schema"));
                }
                tables.add(safe(SchemaGenerator.createTable(m), m.table() + ": missing table"));
            } else {
                columns(m, table, columns);
                ModelSchema schema = ModelSchema.of(m.type());
                schema.uniqueKeys().stream().filter(u -> !table.names().contains(u.name())).forEach(u -> constraints.add(
                        safe(alter(m) + " ADD " + SchemaGenerator.uniqueConstraint(u), name(m, u.name()) + ": missing unique constraint")));
                schema.checks().stream().filter(c -> !table.names().contains(c.name())).forEach(c -> constraints.add(
                        safe(alter(m) + " ADD " + SchemaGenerator.checkConstraint(c), name(m, c.name()) + ": missing check constraint")));
            }
        }
        List<MigrationPlan.Change> out = new ArrayList<>(schemas);
        out.addAll(tables);
        out.addAll(columns);
        out.addAll(constraints);
        for (ModelSchema.ForeignKey fk : SchemaOrder.foreignKeys(ordered)) {
            Table table = live.table(fk.owner());
            if (table == null || !table.names().contains(fk.name())) {
                out.add(safe(SchemaGenerator.foreignKey(fk), name(fk.owner(), fk.name()) + ": missing foreign key"));
            }
        }
        for (ModelMetadata<?> m : ordered) {
            Table table = live.table(m);
            for (ModelSchema.TableIndex i : ModelSchema.of(m.type()).indexes()) {
                if (table == null || !table.names().contains(i.name())) {
                    out.add(safe(SchemaGenerator.createIndex(m, i), name(m, i.name()) + ": missing index"));
                }
            }
        }
        return new MigrationPlan(out);
    }

    private static void columns(ModelMetadata<?> m, Table table, List<MigrationPlan.Change> out) {
        ModelSchema schema = ModelSchema.of(m.type());
        Set<String> known = new LinkedHashSet<>();
        for (PropertyMetadata p : m.properties()) {
            known.add(p.column());
            LiveColumn column = table.columns().get(p.column());
            String where = name(m, p.column());
            String col = Names.quote(p.column());
            if (column == null) {
                boolean risky = !p.nullable() && schema.defaultOf(p) == null;
                out.add(new MigrationPlan.Change(alter(m) + " ADD COLUMN " + SchemaGenerator.column(m, schema, p), risky,
                        where + ": missing column" + (risky ? " (NOT NULL without a default: fails on a table with rows)" : "")));
                continue;
            }
            if (!column.type().equals(typeName(p))) {
                String type = SchemaGenerator.sqlType(p);
                out.add(new MigrationPlan.Change(alter(m) + " ALTER COLUMN " + col + " TYPE " + type + " USING " + col
                        + "::" + type, true, where + ": type " + display(column.type()) + " in the database, " + type
                        + " in the model"));
            }
            if (!p.nullable() && !column.notNull()) {
                out.add(new MigrationPlan.Change(alter(m) + " ALTER COLUMN " + col + " SET NOT NULL", true,
                        where + ": nullable in the database, NOT NULL in the model (fails while the column holds NULLs)"));
            } else if (p.nullable() && column.notNull()) {
                out.add(safe(alter(m) + " ALTER COLUMN " + col + " DROP NOT NULL",
                        where + ": NOT NULL in the database, nullable in the model"));
            }
        }
        for (String extra : table.columns().keySet()) {
            if (!known.contains(extra)) {
                out.add(new MigrationPlan.Change(alter(m) + " DROP COLUMN " + Names.quote(extra), true,
                        name(m, extra) + ": column not in the model (dropping it loses its data)"));
            }
        }
    }

    /**
     * Every difference validation reports: missing tables and columns, types, nullability, and what
     * {@link CatalogChecks} compares (primary keys, identity, declared defaults, constraints, indexes,
     * foreign keys and their delete rules).
     */
    static List<String> mismatches(Collection<? extends ModelMetadata<?>> models, LiveCatalog live) {
        List<String> out = new ArrayList<>();
        for (ModelMetadata<?> m : models) {
            Table table = live.table(m);
            if (table == null) {
                out.add(live.schemaOf(m) + "." + m.table() + ": missing table");
                continue;
            }
            for (PropertyMetadata p : m.properties()) {
                LiveColumn column = table.columns().get(p.column());
                String where = name(m, p.column());
                if (column == null) {
                    out.add(where + ": missing column (" + SchemaGenerator.sqlType(p) + ")");
                    continue;
                }
                if (!column.type().equals(typeName(p))) {
                    out.add(where + ": type " + display(column.type()) + " in the database, "
                            + SchemaGenerator.sqlType(p) + " in the model");
                }
                if (!p.nullable() && !column.notNull()) {
                    out.add(where + ": nullable in the database, NOT NULL in the model");
                } else if (p.nullable() && column.notNull()) {
                    out.add(where + ": NOT NULL in the database, nullable in the model");
                }
            }
            CatalogChecks.table(m, table, out);
        }
        CatalogChecks.foreignKeys(models, live, out);
        return out;
    }

    /** The {@code pg_type} name of a property's column: {@code int8}, {@code _text} for {@code text[]}. */
    private static String typeName(PropertyMetadata p) {
        String type = SchemaGenerator.sqlType(p);
        return type.endsWith("[]") ? "_" + type.substring(0, type.length() - 2) : type;
    }

    private static String display(String typeName) {
        return typeName.startsWith("_") ? typeName.substring(1) + "[]" : typeName;
    }

    private static String alter(ModelMetadata<?> m) {
        return "ALTER TABLE " + m.qualifiedTable();
    }

    private static String name(ModelMetadata<?> m, String name) {
        return m.table() + "." + name;
    }

    private static MigrationPlan.Change safe(String sql, String reason) {
        return new MigrationPlan.Change(sql, false, reason);
    }
}
