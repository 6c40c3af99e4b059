package io.ember.r2dbc.datasource;

import io.ember.r2dbc.sql.SqlStatement;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * One statement told to a {@link DataSourceObserver}: started at subscription, ended exactly once on
 * complete, error or cancel (whichever comes first), before the subscriber sees the end. Rows are
 * counted as they pass (a query) or summed from the update counts. What the observer throws is
 * logged and ignored: observing never fails a statement.
 */
final class ObservedStatement {

    private static final Logger LOG = LoggerFactory.getLogger(ObservedStatement.class);

    private static final AtomicIntegerFieldUpdater<ObservedStatement> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(ObservedStatement.class, "ended");

    private final StatementObservation observation;
    private final boolean returnsRows;
    private volatile long rows;
    private volatile int ended;

    private ObservedStatement(StatementObservation observation, boolean returnsRows) {
        this.observation = observation;
        this.returnsRows = returnsRows;
    }

    /**
     * {@code work} observed: rows are its elements when {@code returnsRows}, else its elements are
     * update counts, summed. Cold.
     */
    static <T> Flux<T> observe(Flux<T> work, DataSourceObserver observer, String dataSource, SqlStatement statement,
                               boolean returnsRows) {
        return Flux.deferContextual(context -> {
            ObservedStatement observed = new ObservedStatement(start(observer, dataSource, statement, returnsRows,
                    context), returnsRows);
            return work.doOnNext(observed::next)
                    .doOnComplete(() -> observed.end(null, false))
                    .doOnError(e -> observed.end(e, false))
                    .doOnCancel(() -> observed.end(null, true));
        });
    }

    private static StatementObservation start(DataSourceObserver observer, String dataSource, SqlStatement statement,
                                              boolean returnsRows, reactor.util.context.ContextView context) {
        try {
            return observer.statementStarted(dataSource, statement, returnsRows, context);
        } catch (RuntimeException e) {
            LOG.warn("The observer of {} failed when a statement started; the statement is not observed", dataSource, e);
            return StatementObservation.NONE;
        }
    }

    private void next(Object value) {
        // onNext signals are serial: a plain read-modify-write is safe, volatile publishes it to a cancel
        rows = rows + (returnsRows ? 1 : ((Number) value).longValue());
    }

    private void end(@Nullable Throwable error, boolean cancelled) {
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            observation.ended(rows, error, cancelled);
        } catch (RuntimeException e) {
            LOG.warn("An observer failed when a statement ended; ignored", e);
        }
    }
}
