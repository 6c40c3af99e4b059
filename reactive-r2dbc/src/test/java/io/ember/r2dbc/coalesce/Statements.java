package io.ember.r2dbc.coalesce;

import io.ember.r2dbc.datasource.QueryEvent;
import io.ember.r2dbc.datasource.QueryListener;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records the statements a datasource ran (a {@link QueryListener}), by kind of lookup (test code only). */
final class Statements implements QueryListener {

    private final ConcurrentLinkedQueue<QueryEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    public void onQuery(QueryEvent event) {
        events.add(event);
    }

    /** Reads that looked up many ids at once ({@code = ANY($1)}) on this table. */
    long batches(String table) {
        return reads(table, "= ANY(");
    }

    /** Reads that looked up one id ({@code = $1}) on this table. */
    long singles(String table) {
        return reads(table, "= $1");
    }

    private long reads(String table, String condition) {
        return events.stream().filter(e -> e.sql().startsWith("SELECT") && e.sql().contains(table)
                && e.sql().contains(condition)).count();
    }

    List<QueryEvent> all() {
        return List.copyOf(events);
    }

    void clear() {
        events.clear();
    }
}
