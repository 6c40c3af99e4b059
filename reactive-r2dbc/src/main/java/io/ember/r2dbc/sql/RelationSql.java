package io.ember.r2dbc.sql;

import io.ember.core.filter.Order;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.Names;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.RelationKeys;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders the one statement that loads a relation's rows for a whole set of parents, the parent
 * keys bound as one array parameter ({@code $1}): prepared once, whatever the number of parents.
 *
 * <ul>
 *   <li>direct relations: {@code SELECT cols FROM target WHERE "fk" = ANY($1) AND (scope) ORDER BY …};</li>
 *   <li>through a junction: the target joined to the junction in a derived table that adds the
 *       junction's key as {@code "__ember_parent"} (the last column), so the scope's where and order
 *       name only target columns;</li>
 *   <li>a per-parent {@code limit}/{@code skip}: {@code row_number() OVER (PARTITION BY key ORDER BY …)}
 *       in a derived table, filtered outside and ordered by it, so each parent's rows come in the
 *       scope's order.</li>
 * </ul>
 * Identifiers come from model metadata only; every value is a parameter. Internal: public only for
 * the relation package.
 */
public final class RelationSql {

    /** The alias of the junction key column appended to rows loaded through a junction. */
    public static final String PARENT = "__ember_parent";

    private static final String ROW_NUMBER = "__ember_rn";

    private RelationSql() {
    }

    /**
     * The statement loading a relation's rows; its first bind value is {@code keys} (an array of the
     * parent keys, see {@link #withKeys(SqlStatement, Object)}).
     *
     * @param keys      the relation's keys
     * @param columns   the target's columns to return (for a direct relation they include the child key)
     * @param where     the scope's where with the target's default filter merged, or {@code null}
     * @param order     the scope's order
     * @param limit     the per-parent limit, or {@code null}
     * @param skip      the per-parent skip
     * @param keysValue the parent keys, a driver-ready array
     */
    public static SqlStatement load(RelationKeys keys, List<PropertyMetadata> columns, @Nullable Where where,
                                    List<Order> order, @Nullable Integer limit, long skip, Object keysValue) {
        ModelSql<?> target = new ModelSql<>(keys.target());
        boolean through = keys.through() != null;
        String partition = through ? Names.quote(PARENT) : Names.quote(keys.childKey().column());
        String outputs = ModelSql.columnList(columns) + (through ? ", " + Names.quote(PARENT) : "");
        boolean window = limit != null || skip > 0;
        SqlBuilder out = new SqlBuilder(target.operation("SELECT"));
        out.append("SELECT ").append(outputs).append(" FROM ");
        if (window) {
            out.append("(SELECT ").append(outputs).append(", row_number() OVER (PARTITION BY ").append(partition)
                    .append(" ORDER BY ");
            orderList(out, target, order);
            out.append(") AS ").append(Names.quote(ROW_NUMBER)).append(" FROM ");
        }
        String keysPlaceholder = out.placeholder(keysValue);
        if (through) {
            junction(out, keys, keysPlaceholder);
            if (where != null && !where.isEmpty()) {
                out.append(" WHERE ");
                new WhereRenderer(keys.target(), out, null, Names.quote("__ember_t"), 0).render(where, "where");
            }
        } else {
            out.append(keys.target().qualifiedTable()).append(" WHERE ").append(partition)
                    .append(" = ANY(").append(keysPlaceholder).append(')');
            if (where != null && !where.isEmpty()) {
                out.append(" AND (");
                new WhereRenderer(keys.target(), out).render(where, "where");
                out.append(')');
            }
        }
        if (window) {
            out.append(") AS ").append(Names.quote("__ember_w")).append(" WHERE ").append(Names.quote(ROW_NUMBER))
                    .append(" > ");
            out.bind(skip);
            if (limit != null) {
                out.append(" AND ").append(Names.quote(ROW_NUMBER)).append(" <= ");
                out.bind(skip + limit);
            }
            out.append(" ORDER BY ").append(Names.quote(ROW_NUMBER));
        } else if (!order.isEmpty()) {
            out.append(" ORDER BY ");
            orderList(out, target, order);
        }
        return out.build();
    }

    /** The statement with other parent keys in place of its first bind value. */
    public static SqlStatement withKeys(SqlStatement template, Object keysValue) {
        Object[] binds = template.binds().toArray();
        binds[0] = keysValue;
        return template.withBinds(java.util.Arrays.asList(binds));
    }

    /**
     * {@code (SELECT t.*, j."fk" AS "__ember_parent" FROM target AS t JOIN junction AS j ON j."tk" = t."id"
     * WHERE j."fk" = ANY($1)) AS "__ember_t"}; a junction with {@code @DeletedAt} keeps only its live rows.
     */
    private static void junction(SqlBuilder out, RelationKeys keys, String keysPlaceholder) {
        ModelMetadata<?> junction = java.util.Objects.requireNonNull(keys.through());
        PropertyMetadata throughTarget = java.util.Objects.requireNonNull(keys.throughTarget());
        String fk = "j." + Names.quote(keys.childKey().column());
        out.append("(SELECT t.*, ").append(fk).append(" AS ").append(Names.quote(PARENT))
                .append(" FROM ").append(keys.target().qualifiedTable()).append(" AS t JOIN ")
                .append(junction.qualifiedTable()).append(" AS j ON j.").append(Names.quote(throughTarget.column()))
                .append(" = t.").append(Names.quote(keys.targetKey().column()))
                .append(" WHERE ").append(fk).append(" = ANY(").append(keysPlaceholder).append(')');
        PropertyMetadata deletedAt = junction.withRole(PropertyMetadata.Role.DELETED_AT);
        if (deletedAt != null) {
            out.append(" AND j.").append(Names.quote(deletedAt.column())).append(" IS NULL");
        }
        out.append(") AS ").append(Names.quote("__ember_t"));
    }

    /** The scope's order, ended by the target's id when it does not name it, so ties never swap. */
    private static void orderList(SqlBuilder out, ModelSql<?> target, List<Order> order) {
        boolean id = false;
        for (int i = 0; i < order.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            id |= target.order(out, order.get(i), "order[" + i + "]");
        }
        if (!id) {
            boolean desc = !order.isEmpty() && order.get(order.size() - 1).direction() == Order.Direction.DESC;
            out.append(order.isEmpty() ? "" : ", ").append(Columns.quoted(target.model().id()))
                    .append(desc ? " DESC" : " ASC");
        }
    }
}
