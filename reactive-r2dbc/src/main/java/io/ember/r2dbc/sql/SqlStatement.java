package io.ember.r2dbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A SQL text with {@code $1..$n} placeholders and the values to bind to them, in order. Values are
 * driver-ready (see {@link io.ember.r2dbc.mapping.Values}); a SQL NULL is a {@link io.ember.r2dbc.mapping.NullValue}
 * carrying its type.
 *
 * @param sql     the SQL text
 * @param binds   the bind values, {@code binds.get(0)} for {@code $1}
 * @param secrets   the indexes (0-based) of binds that hold {@code @Hidden} values, masked in logs
 * @param operation what the statement does, as its renderer knows it, or {@code null} when it does not
 *                  (then {@link #operation()} names it by its first keyword)
 */
public record SqlStatement(String sql, List<Object> binds, Set<Integer> secrets, @Nullable SqlOperation operation) {

    /** What a hidden bind value logs as. */
    public static final String MASK = "<hidden>";

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        binds = List.copyOf(binds);
        secrets = Set.copyOf(secrets);
    }

    /** A statement whose operation is named by its first keyword. */
    public SqlStatement(String sql, List<Object> binds, Set<Integer> secrets) {
        this(sql, binds, secrets, null);
    }

    /** A statement whose values may all be logged. */
    public SqlStatement(String sql, List<Object> binds) {
        this(sql, binds, Set.of());
    }

    /**
     * What the statement does: the operation it was built with, else one named by the first keyword
     * of its text (computed at each call: only metrics and tracing ask).
     */
    @Override
    public SqlOperation operation() {
        return operation != null ? operation : SqlOperation.firstKeyword(sql);
    }

    /** The same statement (text, secrets, operation) with other bind values. */
    public SqlStatement withBinds(List<Object> binds) {
        return new SqlStatement(sql, binds, secrets, operation);
    }

    /** A statement without parameters. */
    public static SqlStatement of(String sql) {
        return new SqlStatement(sql, List.of());
    }

    /** The bind values as they may be logged: {@code @Hidden} ones replaced by {@value #MASK}. */
    public List<Object> loggableBinds() {
        if (secrets.isEmpty()) {
            return binds;
        }
        List<Object> out = new ArrayList<>(binds);
        for (int i : secrets) {
            out.set(i, MASK);
        }
        return out;
    }

    @Override
    public String toString() {
        return sql;
    }
}
