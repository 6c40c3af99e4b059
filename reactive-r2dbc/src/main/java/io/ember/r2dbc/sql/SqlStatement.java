package io.ember.r2dbc.sql;

import java.util.List;
import java.util.Objects;

/**
 * A SQL text with {@code $1..$n} placeholders and the values to bind to them, in order. Values are
 * driver-ready (see {@link io.ember.r2dbc.mapping.Values}); a SQL NULL is a {@link NullValue}
 * carrying its type.
 *
 * @param sql   the SQL text
 * @param binds the bind values, {@code binds.get(0)} for {@code $1}
 */
public record SqlStatement(String sql, List<Object> binds) {

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        binds = List.copyOf(binds);
    }

    /** A statement without parameters. */
    public static SqlStatement of(String sql) {
        return new SqlStatement(sql, List.of());
    }

    /** A SQL NULL of a given driver type. */
    public record NullValue(Class<?> type) {
    }

    @Override
    public String toString() {
        return sql;
    }
}
