package io.ember.r2dbc.transaction;

import io.ember.core.error.TransactionStateException;
import io.ember.core.transaction.Isolation;
import io.ember.core.transaction.Transaction;
import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The handle {@code beginTransaction} emits: its connection, and whether it was committed or rolled back. */
final class ExplicitTransaction implements Transaction {

    private final BoundConnection bound;
    private final AtomicReference<@Nullable String> ended = new AtomicReference<>();

    ExplicitTransaction(BoundConnection bound) {
        this.bound = bound;
    }

    @Override
    public boolean isActive() {
        return ended.get() == null;
    }

    @Override
    public Isolation isolation() {
        return bound.isolation();
    }

    @Override
    public Mono<Void> commit() {
        return Mono.defer(() -> end("committed").then(bound.complete()));
    }

    @Override
    public Mono<Void> rollback() {
        return Mono.defer(() -> end("rolled back").then(bound.rollback()));
    }

    <T> Flux<T> run(ConnectionSource dataSource, Function<? super Connection, ? extends Publisher<T>> work) {
        return Flux.defer(() -> {
            if (dataSource != bound.dataSource()) {
                return Flux.error(new TransactionStateException("The transaction belongs to " + bound.dataSource()
                        + ", not to " + dataSource));
            }
            String how = ended.get();
            if (how != null) {
                return Flux.error(new TransactionStateException("The transaction was already " + how
                        + "; it cannot run statements any more"));
            }
            return bound.run(work);
        });
    }

    private Mono<Void> end(String how) {
        String before = ended.compareAndExchange(null, how);
        return before == null ? Mono.empty()
                : Mono.error(new TransactionStateException("The transaction was already " + before
                        + "; it cannot be " + how + " now"));
    }

    @Override
    public String toString() {
        String how = ended.get();
        return "Transaction[" + bound.options() + ", " + (how == null ? "active" : how) + "]";
    }
}
