package io.ember.r2dbc.sql;

import io.ember.core.filter.Order;
import io.ember.core.filter.PropertyPath;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.Names;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Renders the statements of one model. Identifiers come only from the model's metadata, quoted;
 * every value is a {@code $n} parameter. Pure text: no database needed to test it.
 *
 * @param <T> the model type
 */
public final class ModelSql<T> {

    private final ModelMetadata<T> model;
    private final String table;

    public ModelSql(ModelMetadata<T> model) {
        this.model = model;
        this.table = model.qualifiedTable();
    }

    /** The model rendered for. */
    public ModelMetadata<T> model() {
        return model;
    }

    /** {@code SELECT cols FROM t [WHERE …] [ORDER BY …] [LIMIT $n] [OFFSET $m]}. */
    public SqlStatement select(List<PropertyMetadata> columns, @Nullable Where where, List<Order> order,
                               @Nullable Integer limit, long skip) {
        SqlBuilder out = new SqlBuilder();
        out.append("SELECT ").append(columnList(columns)).append(" FROM ").append(table);
        where(out, where);
        if (!order.isEmpty()) {
            out.append(" ORDER BY ");
            for (int i = 0; i < order.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                order(out, order.get(i), "order[" + i + "]");
            }
        }
        if (limit != null) {
            out.append(" LIMIT ");
            out.bind((long) limit);
        }
        if (skip > 0) {
            out.append(" OFFSET ");
            out.bind(skip);
        }
        return out.build();
    }

    /** {@code SELECT count(*) FROM t [WHERE …]}. */
    public SqlStatement count(@Nullable Where where) {
        SqlBuilder out = new SqlBuilder().append("SELECT count(*) FROM ").append(table);
        where(out, where);
        return out.build();
    }

    /** {@code SELECT EXISTS (SELECT 1 FROM t [WHERE …])}. */
    public SqlStatement exists(@Nullable Where where) {
        SqlBuilder out = new SqlBuilder().append("SELECT EXISTS (SELECT 1 FROM ").append(table);
        where(out, where);
        return out.append(')').build();
    }

    /** {@code INSERT INTO t (cols) VALUES ($1, …) [RETURNING …]}; one driver-ready value per column. */
    public SqlStatement insert(List<PropertyMetadata> columns, List<Object> values,
                               @Nullable List<PropertyMetadata> returning) {
        return insertValues(columns, List.of(values), returning);
    }

    /** A multi-row {@code INSERT … VALUES (…), (…)}; each row holds one driver-ready value per column. */
    public SqlStatement insertValues(List<PropertyMetadata> columns, List<List<Object>> rows,
                                     @Nullable List<PropertyMetadata> returning) {
        SqlBuilder out = new SqlBuilder();
        insertInto(out, columns);
        out.append(" VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            out.append(r == 0 ? "(" : ", (");
            List<Object> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.bind(row.get(i));
            }
            out.append(')');
        }
        returning(out, returning);
        return out.build();
    }

    /**
     * {@code INSERT INTO t (cols) SELECT … FROM unnest($1::type[], …) [RETURNING …]}: many rows with one
     * array parameter per column, whatever the row count. Only for scalar and jsonb columns (see
     * {@link #canUnnest(List)}); jsonb values are bound as text and cast.
     */
    public SqlStatement insertUnnest(List<PropertyMetadata> columns, List<Object> columnArrays,
                                     @Nullable List<PropertyMetadata> returning) {
        SqlBuilder out = new SqlBuilder();
        insertInto(out, columns);
        StringJoiner select = new StringJoiner(", ", " SELECT ", "");
        StringJoiner aliases = new StringJoiner(", ", " AS u(", ")");
        StringBuilder unnest = new StringBuilder(" FROM unnest(");
        for (int i = 0; i < columns.size(); i++) {
            PropertyMetadata p = columns.get(i);
            String alias = "c" + (i + 1);
            select.add(p.kind() == ValueKind.JSON ? alias + "::jsonb" : alias);
            aliases.add(alias);
            if (i > 0) {
                unnest.append(", ");
            }
            unnest.append(out.placeholder(columnArrays.get(i))).append("::")
                    .append(p.kind() == ValueKind.JSON ? "text" : p.kind().sqlType()).append("[]");
        }
        out.append(select.toString()).append(unnest.append(')').toString()).append(aliases.toString());
        returning(out, returning);
        return out.build();
    }

    /** Whether these columns can be inserted through {@link #insertUnnest}: no array or bytea columns. */
    public static boolean canUnnest(List<PropertyMetadata> columns) {
        for (PropertyMetadata p : columns) {
            if (p.kind() == ValueKind.ARRAY || p.kind() == ValueKind.BYTES) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code INSERT … ON CONFLICT (key) DO UPDATE SET col = EXCLUDED.col, … [RETURNING …]}; with
     * {@code overridingIdentity} the given id is written into an identity column.
     */
    public SqlStatement upsert(List<PropertyMetadata> columns, List<Object> values, boolean overridingIdentity,
                               @Nullable List<PropertyMetadata> returning) {
        SqlBuilder out = new SqlBuilder();
        insertInto(out, columns);
        out.append(overridingIdentity ? " OVERRIDING SYSTEM VALUE VALUES (" : " VALUES (");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.bind(values.get(i));
        }
        out.append(") ON CONFLICT (").append(columnList(model.key())).append(") DO ");
        StringJoiner sets = new StringJoiner(", ");
        for (PropertyMetadata p : columns) {
            if (!p.isId() && p.role() != PropertyMetadata.Role.CREATED_AT) {
                String c = Names.quote(p.column());
                sets.add(c + " = EXCLUDED." + c);
            }
        }
        out.append(sets.length() == 0 ? "NOTHING" : "UPDATE SET " + sets);
        returning(out, returning);
        return out.build();
    }

    /** {@code UPDATE t SET … [WHERE …] [RETURNING …]}. */
    public SqlStatement update(List<Assignment> assignments, @Nullable Where where,
                               @Nullable List<PropertyMetadata> returning) {
        if (assignments.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one assignment");
        }
        SqlBuilder out = new SqlBuilder().append("UPDATE ").append(table).append(" SET ");
        Map<PropertyMetadata, List<Assignment.SetJsonPath>> jsonSets = new LinkedHashMap<>();
        boolean first = true;
        for (Assignment a : assignments) {
            if (a instanceof Assignment.SetJsonPath j) {
                jsonSets.computeIfAbsent(j.property(), k -> new ArrayList<>()).add(j);
                continue;
            }
            if (!first) {
                out.append(", ");
            }
            first = false;
            String c = Names.quote(a.property().column());
            out.append(c).append(" = ");
            if (a instanceof Assignment.Set s) {
                out.bind(s.value());
            } else {
                out.append(c).append(" + 1");
            }
        }
        for (Map.Entry<PropertyMetadata, List<Assignment.SetJsonPath>> e : jsonSets.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            String c = Names.quote(e.getKey().column());
            out.append(c).append(" = ");
            out.append("jsonb_set(".repeat(e.getValue().size())).append("COALESCE(").append(c).append(", '{}'::jsonb)");
            for (Assignment.SetJsonPath j : e.getValue()) {
                out.append(", ");
                out.bind(j.path().toArray(String[]::new));
                out.append(", ");
                out.bind(j.json());
                out.append(", true)");
            }
        }
        where(out, where);
        returning(out, returning);
        return out.build();
    }

    /** {@code DELETE FROM t [WHERE …] [RETURNING …]}. */
    public SqlStatement delete(@Nullable Where where, @Nullable List<PropertyMetadata> returning) {
        SqlBuilder out = new SqlBuilder().append("DELETE FROM ").append(table);
        where(out, where);
        returning(out, returning);
        return out.build();
    }

    /** The quoted, comma-separated column list of these properties. */
    public static String columnList(List<PropertyMetadata> columns) {
        StringJoiner joiner = new StringJoiner(", ");
        for (PropertyMetadata p : columns) {
            joiner.add(Names.quote(p.column()));
        }
        return joiner.toString();
    }

    private void insertInto(SqlBuilder out, List<PropertyMetadata> columns) {
        out.append("INSERT INTO ").append(table).append(" (").append(columnList(columns)).append(')');
    }

    void where(SqlBuilder out, @Nullable Where where) {
        if (where == null || where.isEmpty()) {
            return;
        }
        out.append(" WHERE ");
        new WhereRenderer(model, out).render(where, "where");
    }

    void order(SqlBuilder out, Order order, String path) {
        PropertyPath target = PropertyPath.parse(order.path(), path);
        PropertyMetadata p = Columns.property(model, target.property(), path);
        if (target.isJson()) {
            if (p.kind() != ValueKind.JSON) {
                throw new io.ember.core.error.InvalidFilterException(path, "'" + p.name()
                        + "' is not a @Json property; a path into it is not allowed");
            }
            out.append("(").append(Columns.quoted(p)).append(" #> ");
            out.bind(target.jsonPath().toArray(String[]::new));
            out.append(")");
        } else {
            out.append(Columns.quoted(p));
        }
        out.append(order.direction() == Order.Direction.ASC ? " ASC" : " DESC");
        if (order.nulls() != Order.Nulls.DEFAULT) {
            out.append(order.nulls() == Order.Nulls.FIRST ? " NULLS FIRST" : " NULLS LAST");
        }
    }

    private static void returning(SqlBuilder out, @Nullable List<PropertyMetadata> returning) {
        if (returning != null && !returning.isEmpty()) {
            out.append(" RETURNING ").append(columnList(returning));
        }
    }
}
