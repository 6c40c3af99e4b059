package io.ember.r2dbc.datasource;

import io.ember.r2dbc.sql.SqlStatement;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * One statement told to a {@link DataSourceObserver}: started at subscription with the subscriber's
 * {@code Context}, ended exactly once on complete, error or cancel (whichever comes first), before the
 * subscriber sees the end. Rows are counted as they pass (a query, row by row or list by list) or summed from the update counts.
 * One operator and one subscriber per statement. What the observer throws is logged and ignored:
 * observing never fails a statement.
 *
 * @param <T> the elements: rows, or update counts
 */
final class ObservedStatement<T> extends FluxOperator<T, T> {

    private static final Logger LOG = LoggerFactory.getLogger(ObservedStatement.class);

    private final DataSourceObserver observer;
    private final String dataSource;
    private final SqlStatement statement;
    private final Rows rows;

    /** What a statement's elements are, and so how its rows are counted. */
    enum Rows {
        /** Each element is a row. */
        EACH,
        /** Each element is a list of rows. */
        LISTS,
        /** Each element is a number of rows changed (a statement that returns no rows). */
        UPDATE_COUNTS;

        long count(Object element) {
            return switch (this) {
                case EACH -> 1;
                case LISTS -> ((List<?>) element).size();
                case UPDATE_COUNTS -> ((Number) element).longValue();
            };
        }
    }

    private ObservedStatement(Flux<T> work, DataSourceObserver observer, String dataSource, SqlStatement statement,
                              Rows rows) {
        super(work);
        this.observer = observer;
        this.dataSource = dataSource;
        this.statement = statement;
        this.rows = rows;
    }

    /** {@code work} observed, its rows counted from its elements as {@code rows} says. Cold. */
    static <T> Flux<T> observe(Flux<T> work, DataSourceObserver observer, String dataSource, SqlStatement statement,
                               Rows rows) {
        return onAssembly(new ObservedStatement<>(work, observer, dataSource, statement, rows));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(new Observing<>(actual, start(actual.currentContext()), rows));
    }

    private StatementObservation start(ContextView context) {
        try {
            return observer.statementStarted(dataSource, statement, rows != Rows.UPDATE_COUNTS, context);
        } catch (RuntimeException e) {
            LOG.warn("The observer of {} failed when a statement started; the statement is not observed", dataSource, e);
            return StatementObservation.NONE;
        }
    }

    private static final class Observing<T> implements CoreSubscriber<T>, Subscription {

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Observing> ENDED =
                AtomicIntegerFieldUpdater.newUpdater(Observing.class, "ended");

        private final CoreSubscriber<? super T> actual;
        private final StatementObservation observation;
        private final Rows counting;
        private @Nullable Subscription upstream;
        private volatile long rows;
        private volatile int ended;

        Observing(CoreSubscriber<? super T> actual, StatementObservation observation, Rows counting) {
            this.actual = actual;
            this.observation = observation;
            this.counting = counting;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(T value) {
            // onNext signals are serial: a plain read-modify-write is safe; volatile shows it to a cancel
            rows = rows + counting.count(value);
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            end(error, false);
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            end(null, false);
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            Subscription s = upstream;
            if (s != null) {
                s.request(n);
            }
        }

        @Override
        public void cancel() {
            end(null, true);
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
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
}
