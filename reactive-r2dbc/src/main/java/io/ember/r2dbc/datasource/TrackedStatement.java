package io.ember.r2dbc.datasource;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * A statement's results, relayed as they are, each subscription one {@link Execution}: whether its
 * subscription call returned, whether it ended, and, when its subscriber cancels before the end, a
 * report to {@code onCancel} (before the cancel goes upstream). One operator in place of
 * {@code defer}, {@code doOnTerminate} and {@code doOnCancel}: nothing is allocated per statement
 * but the execution itself (a waiter's sink only when someone waits for a cancelled one). Cold.
 */
final class TrackedStatement<T> extends Flux<T> {

    private final Publisher<T> statement;
    private final Consumer<Execution<?>> onCancel;

    TrackedStatement(Publisher<T> statement, Consumer<Execution<?>> onCancel) {
        this.statement = statement;
        this.onCancel = onCancel;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Execution<T> execution = new Execution<>(actual, onCancel);
        try {
            statement.subscribe(execution);
        } finally {
            execution.markSubscribed();
        }
    }

    /** One run of the statement: relays its signals and remembers how far it got. */
    static final class Execution<T> implements CoreSubscriber<T>, Subscription {

        private final CoreSubscriber<? super T> actual;
        private final Consumer<Execution<?>> onCancel;
        private volatile @Nullable Subscription upstream;
        private volatile boolean ended;
        private boolean subscribed;                      // guarded by this
        private Sinks.@Nullable Empty<Void> waiters;     // guarded by this

        Execution(CoreSubscriber<? super T> actual, Consumer<Execution<?>> onCancel) {
            this.actual = actual;
            this.onCancel = onCancel;
        }

        /** Completes once the statement's subscription call has returned (at once if it has). */
        Mono<Void> whenSubscribed() {
            synchronized (this) {
                if (subscribed) {
                    return Mono.empty();
                }
                if (waiters == null) {
                    waiters = Sinks.empty();
                }
                return waiters.asMono();
            }
        }

        private void markSubscribed() {
            Sinks.Empty<Void> waiting;
            synchronized (this) {
                subscribed = true;
                waiting = waiters;
            }
            if (waiting != null) {
                waiting.tryEmitEmpty();
            }
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
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            ended = true;
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            ended = true;
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
            if (!ended) {
                onCancel.accept(this);
            }
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
