package io.ember.r2dbc.schema;

import java.util.List;

/**
 * What a migration would change to bring a database to the models: each change one SQL statement.
 * Safe changes (create a table, add a column, constraint or index, drop a NOT NULL) apply by default;
 * risky ones (drop a column the models no longer have, change a column's type, set NOT NULL on an
 * existing column, add a NOT NULL column without a default) only when the caller allows them
 * explicitly ({@link SchemaMigrator#migrate(io.ember.r2dbc.datasource.PostgresDataSource, java.util.Collection, boolean)}).
 * Immutable.
 *
 * @param changes the changes, in the order they apply
 */
public record MigrationPlan(List<Change> changes) {

    /** A plan; the list is copied. */
    public MigrationPlan {
        changes = List.copyOf(changes);
    }

    /**
     * One change.
     *
     * @param sql    the statement
     * @param risky  whether it may lose data or fail on existing rows
     * @param reason what it does, in words ({@code "posts.title: missing column"})
     */
    public record Change(String sql, boolean risky, String reason) {
    }

    /** Whether the database already matches the models. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes that apply without the explicit flag. */
    public List<Change> safe() {
        return changes.stream().filter(c -> !c.risky()).toList();
    }

    /** The changes that apply only with the explicit flag. */
    public List<Change> risky() {
        return changes.stream().filter(Change::risky).toList();
    }

    /**
     * The plan as a SQL script to review or to hand to another migration tool: each statement after a
     * comment with its reason; risky statements are commented out unless {@code includeRisky}.
     */
    public String toScript(boolean includeRisky) {
        StringBuilder out = new StringBuilder("-- Ember schema migration: ").append(safe().size())
                .append(" safe, ").append(risky().size()).append(" risky change(s)\n");
        for (Change c : changes) {
            out.append("-- ").append(c.risky() ? "RISKY: " : "").append(c.reason()).append('\n');
            out.append(c.risky() && !includeRisky ? "-- " : "").append(c.sql()).append(";\n");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toScript(false);
    }
}
