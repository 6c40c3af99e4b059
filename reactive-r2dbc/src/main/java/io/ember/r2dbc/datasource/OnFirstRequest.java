package io.ember.r2dbc.datasource;

import java.util.function.LongFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A publisher made when its subscriber first asks for elements, from the number it asks for: a
 * subscriber that asks for everything at once ({@code Long.MAX_VALUE}: a {@code Mono} operator,
 * {@code collectList}) and one that asks for a few at a time (a slow consumer, {@code take(n)},
 * {@code flatMap}) can get different plans. Cold; cancelling before the first request subscribes nothing.
 */
final class OnFirstRequest<T> extends Flux<T> {

    private final LongFunction<? extends Publisher<T>> factory;

    OnFirstRequest(LongFunction<? extends Publisher<T>> factory) {
        this.factory = factory;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        actual.onSubscribe(new Relay<>(actual, factory));
    }

    private static final class Relay<T> extends Operators.DeferredSubscription implements CoreSubscriber<T> {

        private final CoreSubscriber<? super T> actual;
        private final LongFunction<? extends Publisher<T>> factory;
        private volatile boolean started;

        Relay(CoreSubscriber<? super T> actual, LongFunction<? extends Publisher<T>> factory) {
            this.actual = actual;
            this.factory = factory;
        }

        /**
         * The first request makes and subscribes the source. Under the lock, so that a cancel from
         * another thread returns only once that subscription did (a statement is then queued at
         * the driver, or never will be).
         */
        @Override
        public void request(long n) {
            super.request(n);
            if (started || !Operators.validate(n)) {
                return;
            }
            synchronized (this) {
                if (started || isCancelled()) {
                    return;
                }
                started = true;
                Publisher<T> source;
                try {
                    source = factory.apply(n);
                } catch (Throwable e) {
                    actual.onError(Operators.onOperatorError(e, actual.currentContext()));
                    return;
                }
                source.subscribe(this);
            }
        }

        @Override
        public void cancel() {
            synchronized (this) {
                super.cancel();
            }
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            set(s);
        }

        @Override
        public void onNext(T value) {
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }
    }
}
