package io.ember.core.transaction;

/** Transaction isolation levels PostgreSQL implements. */
public enum Isolation {
    READ_COMMITTED("READ COMMITTED"),
    REPEATABLE_READ("REPEATABLE READ"),
    SERIALIZABLE("SERIALIZABLE");

    private final String sql;

    Isolation(String sql) {
        this.sql = sql;
    }

    /** The level as PostgreSQL spells it. */
    public String sql() {
        return sql;
    }
}
