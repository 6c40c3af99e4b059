package io.ember.r2dbc.sql;

import io.ember.core.filter.Order;
import io.ember.core.filter.PropertyPath;
import io.ember.core.filter.Where;
import io.ember.core.filter.keyset.Keyset;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.Names;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Renders the statements of one model. Identifiers come only from the model's metadata, quoted;
 * every value is a {@code $n} parameter. Pure text: no database needed to test it.
 *
 * @param <T> the model type
 */
public final class ModelSql<T> {

    /** The alias of an upsert's target table, for the stored row's columns in {@code DO UPDATE}. */
    private static final String TARGET = "ember_target";

    private final ModelMetadata<T> model;
    private final String table;

    public ModelSql(ModelMetadata<T> model) {
        this.model = model;
        this.table = model.qualifiedTable();
    }

    /** What a statement on this model's table does, for metrics and traces: the table as its metadata names it. */
    SqlOperation operation(String name) {
        String schema = model.schema();
        return new SqlOperation(name, schema == null ? model.table() : schema + "." + model.table());
    }

    /** The model rendered for. */
    public ModelMetadata<T> model() {
        return model;
    }

    /**
     * {@code SELECT cols FROM t [WHERE …] [ORDER BY …] [LIMIT $n] [OFFSET $m]}. The order is
     * deterministic wherever it matters: a read with a limit or a skip and no order is ordered by the
     * id (as LoopBack's PostgreSQL connector does), and an order that does not name the id ends with
     * it, in the direction of its last key, so ties never swap between pages. A read with neither
     * order, limit nor skip is not sorted (a stream of every row need not wait for a sort). A limit
     * is the statement's {@link SqlStatement#maxRows()}.
     */
    public SqlStatement select(List<PropertyMetadata> columns, @Nullable Where where, List<Order> order,
                               @Nullable Integer limit, long skip) {
        SqlBuilder out = new SqlBuilder(operation("SELECT"));
        out.append("SELECT ").append(columnList(columns)).append(" FROM ").append(table);
        where(out, where);
        if (!order.isEmpty() || limit != null || skip > 0) {
            out.append(" ORDER BY ");
            boolean id = false;
            for (int i = 0; i < order.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                id |= order(out, order.get(i), "order[" + i + "]");
            }
            if (!id) {
                boolean desc = !order.isEmpty() && order.get(order.size() - 1).direction() == Order.Direction.DESC;
                out.append(order.isEmpty() ? "" : ", ").append(Columns.quoted(model.id())).append(desc ? " DESC" : " ASC");
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
        return out.build(limit == null ? SqlStatement.UNBOUNDED : limit);
    }

    /**
     * A keyset page: {@code SELECT cols FROM t [WHERE (where) AND (after the position)] ORDER BY keys
     * LIMIT $n} (see {@link KeysetSql}); the first page has no position.
     */
    public SqlStatement selectAfter(List<PropertyMetadata> columns, @Nullable Where where, Keyset<?> keyset,
                                    int limit) {
        SqlBuilder out = new SqlBuilder(operation("SELECT"));
        out.append("SELECT ").append(columnList(columns)).append(" FROM ").append(table);
        List<@Nullable Object> after = keyset.after();
        boolean filtered = where != null && !where.isEmpty();
        if (filtered) {
            out.append(" WHERE (");
            condition(out, where);
            out.append(')');
        }
        if (after != null) {
            out.append(filtered ? " AND " : " WHERE ");
            KeysetSql.after(out, keyset.keys(), after);
        }
        KeysetSql.orderBy(out, keyset.keys());
        out.append(" LIMIT ");
        out.bind((long) limit);
        return out.build(limit);
    }

    /** {@code SELECT count(*) FROM t [WHERE …]}. */
    public SqlStatement count(@Nullable Where where) {
        SqlBuilder out = new SqlBuilder(operation("SELECT")).append("SELECT count(*) FROM ").append(table);
        where(out, where);
        return out.build(1);
    }

    /** {@code SELECT EXISTS (SELECT 1 FROM t [WHERE …])}. */
    public SqlStatement exists(@Nullable Where where) {
        SqlBuilder out = new SqlBuilder(operation("SELECT")).append("SELECT EXISTS (SELECT 1 FROM ").append(table);
        where(out, where);
        return out.append(')').build(1);
    }

    /** {@code INSERT INTO t (cols) VALUES ($1, …) [RETURNING …]}; one driver-ready value per column. */
    public SqlStatement insert(List<PropertyMetadata> columns, List<Object> values,
                               @Nullable List<PropertyMetadata> returning) {
        return insertValues(columns, List.of(values), returning);
    }

    /** A multi-row {@code INSERT … VALUES (…), (…)}; each row holds one driver-ready value per column. */
    public SqlStatement insertValues(List<PropertyMetadata> columns, List<List<Object>> rows,
                                     @Nullable List<PropertyMetadata> returning) {
        SqlBuilder out = new SqlBuilder(operation("INSERT"));
        insertInto(out, columns);
        out.append(" VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            out.append(r == 0 ? "(" : ", (");
            List<Object> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.bind(row.get(i), columns.get(i).hidden());
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
        SqlBuilder out = new SqlBuilder(operation("INSERT"));
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
            unnest.append(out.placeholder(columnArrays.get(i), p.hidden())).append("::")
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
     * What an upsert does when its row conflicts with a stored one.
     *
     * @param target      the properties of the unique constraint or index ({@code ON CONFLICT (…)})
     * @param update      the SET list of {@code DO UPDATE}; when empty, the first target column is set
     *                    to itself so the stored row is still returned
     * @param sameVersion a {@code @Version} property the stored row must have the inserted value of, or {@code null}
     * @param notDeleted  a {@code @DeletedAt} property that must be NULL in the stored row, or {@code null}
     */
    public record OnConflict(List<PropertyMetadata> target, List<Assignment> update,
                             @Nullable PropertyMetadata sameVersion, @Nullable PropertyMetadata notDeleted) {
        public OnConflict {
            if (target.isEmpty()) {
                throw new IllegalArgumentException("a conflict target needs at least one property");
            }
            target = List.copyOf(target);
            update = List.copyOf(update);
        }
    }

    /**
     * {@code INSERT INTO t AS ember_target … ON CONFLICT (target) DO UPDATE SET … [WHERE version and
     * not-deleted guards] [RETURNING …]}; with {@code overridingIdentity} the given id is written into an
     * identity column. A stored row the guards refuse is left alone and nothing is returned.
     */
    public SqlStatement upsert(List<PropertyMetadata> columns, List<Object> values, boolean overridingIdentity,
                               OnConflict conflict, @Nullable List<PropertyMetadata> returning) {
        SqlBuilder out = new SqlBuilder(operation("INSERT"));
        out.append("INSERT INTO ").append(table).append(" AS ").append(TARGET).append(" (")
                .append(columnList(columns)).append(')');
        out.append(overridingIdentity ? " OVERRIDING SYSTEM VALUE VALUES (" : " VALUES (");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.bind(values.get(i), columns.get(i).hidden());
        }
        out.append(") ON CONFLICT (").append(columnList(conflict.target())).append(") DO UPDATE SET ");
        if (conflict.update().isEmpty()) {
            String c = Names.quote(conflict.target().get(0).column());
            out.append(c).append(" = EXCLUDED.").append(c);
        } else {
            assignments(out, conflict.update(), TARGET + ".");
        }
        String guard = "";
        if (conflict.sameVersion() != null) {
            String c = Names.quote(conflict.sameVersion().column());
            guard = TARGET + "." + c + " = EXCLUDED." + c;
        }
        if (conflict.notDeleted() != null) {
            guard += (guard.isEmpty() ? "" : " AND ") + TARGET + "." + Names.quote(conflict.notDeleted().column())
                    + " IS NULL";
        }
        if (!guard.isEmpty()) {
            out.append(" WHERE ").append(guard);
        }
        returning(out, returning);
        return out.build();
    }

    /** {@code UPDATE t SET … [WHERE …] [RETURNING …]}. */
    public SqlStatement update(List<Assignment> assignments, @Nullable Where where,
                               @Nullable List<PropertyMetadata> returning) {
        if (assignments.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one assignment");
        }
        SqlBuilder out = new SqlBuilder(operation("UPDATE")).append("UPDATE ").append(table).append(" SET ");
        assignments(out, assignments, "");
        where(out, where);
        returning(out, returning);
        return out.build();
    }

    /**
     * The SET list: plain assignments in order, then one expression per jsonb column that keys are
     * written into. {@code qualifier} prefixes the stored row's columns on the right-hand side.
     */
    private static void assignments(SqlBuilder out, List<Assignment> assignments, String qualifier) {
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
            PropertyMetadata p = a.property();
            String c = Names.quote(p.column());
            out.append(c).append(" = ");
            if (a instanceof Assignment.Set s) {
                out.bind(s.value(), p.hidden());
            } else if (a instanceof Assignment.Increment) {
                out.append(qualifier).append(c).append(" + 1");
            } else if (a instanceof Assignment.Add add) {
                out.append("COALESCE(").append(qualifier).append(c).append(", 0) + ");
                out.bind(add.amount(), p.hidden());
            } else {
                out.append("EXCLUDED.").append(c);
            }
        }
        for (Map.Entry<PropertyMetadata, List<Assignment.SetJsonPath>> e : jsonSets.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            String c = Names.quote(e.getKey().column());
            out.append(c).append(" = ");
            int from = out.bindCount();
            JsonPatchSql.render(out, qualifier + c, e.getValue());
            if (e.getKey().hidden()) {
                out.secretFrom(from);
            }
        }
    }

    /** {@code DELETE FROM t [WHERE …] [RETURNING …]}. */
    public SqlStatement delete(@Nullable Where where, @Nullable List<PropertyMetadata> returning) {
        SqlBuilder out = new SqlBuilder(operation("DELETE")).append("DELETE FROM ").append(table);
        where(out, where);
        returning(out, returning);
        return out.build();
    }

    /** {@code COPY t (columns) FROM STDIN}: a COPY load in text format, or binary when {@code binary}. */
    public SqlStatement copyFrom(List<PropertyMetadata> columns, boolean binary) {
        return new SqlBuilder(operation("COPY")).append("COPY ").append(table).append(" (").append(columnList(columns))
                .append(binary ? ") FROM STDIN (FORMAT binary)" : ") FROM STDIN").build();
    }

    /**
     * The table's columns as the catalog shows them, one row each: name, type oid, whether the type
     * is an enum. No row when the table is not found (the name resolved as the statements resolve it,
     * through the connection's {@code search_path}); never an error.
     */
    public SqlStatement columnTypes() {
        return new SqlStatement("SELECT a.attname, a.atttypid::int4, t.typtype = 'e' FROM pg_attribute a"
                + " JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped",
                List.of(table), Set.of(), operation("SELECT"));
    }

    /**
     * Whether a COPY may stand in for this table's INSERTs, as one row (none when the table is not
     * found): {@code true} for a plain or partitioned table without row-level security (COPY FROM
     * refuses it) and without INSERT rules (COPY ignores them); then the sequence behind
     * {@code identityColumn} ({@code null} when there is none, or when {@code identityColumn} is
     * {@code null}); then whether the connection's role may take values from that sequence.
     */
    public SqlStatement copyInsertable(@Nullable String identityColumn) {
        String sequence = identityColumn == null ? "NULL::text" : "pg_get_serial_sequence($1, $2)";
        List<Object> binds = identityColumn == null ? List.of(table) : List.of(table, identityColumn);
        return new SqlStatement("SELECT c.relkind IN ('r', 'p') AND NOT c.relrowsecurity"
                + " AND NOT EXISTS (SELECT FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.ev_type = '3'), s.seq,"
                + " s.seq IS NOT NULL AND has_sequence_privilege(s.seq, 'USAGE, UPDATE')"
                + " FROM pg_class c LEFT JOIN LATERAL (SELECT " + sequence + " AS seq) s ON true"
                + " WHERE c.oid = to_regclass($1)", binds, Set.of(), operation("SELECT"));
    }

    /**
     * {@code count} values of a sequence for rows a COPY writes, as runs of consecutive values: one
     * row {@code (first, last)} per run, in ascending order (one row in all, unless other sessions
     * take values at the same time or the sequence does not step by one). The sequence's name is
     * bound, not spliced.
     */
    public SqlStatement nextValueRuns(String sequence, int count) {
        return new SqlStatement("SELECT min(v), max(v) FROM (SELECT v, v - row_number() OVER (ORDER BY v) AS run"
                + " FROM (SELECT nextval($1::regclass) AS v FROM generate_series(1, $2)) s) r GROUP BY run ORDER BY 1",
                List.of(sequence, count), Set.of(), operation("SELECT"));
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
        condition(out, where);
    }

    private void condition(SqlBuilder out, Where where) {
        int from = out.bindCount();
        new WhereRenderer(model, out).render(where, "where");
        if (HiddenConditions.mentionHidden(model, where)) {
            out.secretFrom(from);
        }
    }

    /** Renders one sort key; returns whether it is the id. */
    boolean order(SqlBuilder out, Order order, String path) {
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
        return !target.isJson() && p.isId();
    }

    private static void returning(SqlBuilder out, @Nullable List<PropertyMetadata> returning) {
        if (returning != null && !returning.isEmpty()) {
            out.append(" RETURNING ").append(columnList(returning));
        }
    }
}
