package io.ember.r2dbc.datasource;

import io.ember.core.error.PersistenceException;
import io.ember.r2dbc.sql.SqlStatement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.context.ContextView;

/**
 * The slow-query log: a statement that took at least the threshold (from subscription to its end,
 * whether it completed, failed or was cancelled) is logged once at WARN under {@code io.ember.sql.slow},
 * with its parameterised SQL (never its values), its duration, its rows and how it ended.
 */
final class SlowQueryLog implements DataSourceObserver {

    static final Logger LOG = LoggerFactory.getLogger("io.ember.sql.slow");

    private final long thresholdNanos;

    SlowQueryLog(Duration threshold) {
        this.thresholdNanos = threshold.toNanos();
    }

    @Override
    public StatementObservation statementStarted(String dataSource, SqlStatement statement, boolean returnsRows,
                                                 ContextView context) {
        long start = System.nanoTime();
        return (rows, error, cancelled) -> {
            long nanos = System.nanoTime() - start;
            if (nanos >= thresholdNanos && LOG.isWarnEnabled()) {
                LOG.warn("Slow statement on {}: {} ms, {} rows {}{}: {}", dataSource, nanos / 1_000_000, rows,
                        returnsRows ? "returned" : "changed", ending(error, cancelled), statement.sql());
            }
        };
    }

    private static String ending(@Nullable Throwable error, boolean cancelled) {
        if (cancelled) {
            return ", cancelled";
        }
        if (error == null) {
            return "";
        }
        String state = error instanceof PersistenceException p ? p.sqlState() : null;
        return ", failed with " + (state != null ? "SQLSTATE " + state : error.getClass().getSimpleName());
    }
}
