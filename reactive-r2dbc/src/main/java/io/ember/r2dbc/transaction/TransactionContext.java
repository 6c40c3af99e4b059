package io.ember.r2dbc.transaction;

import io.ember.core.error.TransactionStateException;
import io.ember.core.transaction.Transaction;
import io.r2dbc.spi.Connection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Where datasources find the connection of a transaction: the one bound in the Reactor
 * {@code Context} for a datasource (ambient), or the one an explicit handle holds. Each datasource
 * has its own key, so two datasources can each have a transaction open in one pipeline and each
 * joins only its own. Internal: public only for {@code PostgresDataSource}.
 */
public final class TransactionContext {

    private TransactionContext() {
    }

    /**
     * Runs work on the connection of the ambient transaction of this datasource, one statement at
     * a time (see {@code docs/transactions.md}, nested queries), or returns {@code null} when the
     * context has none. Cold.
     */
    public static <T> @Nullable Flux<T> runInAmbient(ContextView context, ConnectionSource dataSource,
                                                     Function<? super Connection, ? extends Publisher<T>> work) {
        BoundConnection bound = bound(context, dataSource);
        return bound == null ? null : bound.run(work);
    }

    /**
     * Runs work on the connection of a transaction another manager runs on this datasource's pool
     * (found by its {@link ExternalTransactions}), one statement at a time as in Ember's own, or on
     * {@code otherwise} when there is none. The other manager's connection is never closed here. Cold.
     */
    public static <T> Flux<T> runInExternal(ConnectionSource dataSource,
                                            Function<? super Connection, ? extends Publisher<T>> work,
                                            Supplier<Flux<T>> otherwise) {
        return external(dataSource).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMapMany(bound -> bound.isPresent() ? bound.get().run(work) : otherwise.get());
    }

    /**
     * The transaction another manager runs on this datasource's pool in the subscriber's context, as
     * the one {@link BoundConnection} Ember keeps for it (so its calls share one gate); empty when the
     * datasource looks for none or there is none. Cold.
     */
    static Mono<BoundConnection> external(ConnectionSource dataSource) {
        ExternalTransactions transactions = dataSource.externalTransactions();
        if (transactions == null) {
            return Mono.empty();
        }
        return Mono.defer(() -> transactions.current(dataSource.connectionFactory()))
                .map(t -> t.state(new ExternalKey(dataSource), () -> BoundConnection.external(dataSource, t)));
    }

    /**
     * Runs work on the connection of an explicit transaction of this datasource; fails with
     * {@link TransactionStateException} when the handle has ended or belongs to another datasource.
     * Cold: the handle's state is checked at subscription.
     */
    public static <T> Flux<T> runInExplicit(Transaction transaction, ConnectionSource dataSource,
                                            Function<? super Connection, ? extends Publisher<T>> work) {
        if (!(transaction instanceof ExplicitTransaction explicit)) {
            return Flux.error(new TransactionStateException(
                    "Not a transaction of an Ember datasource: " + transaction.getClass().getName()));
        }
        return explicit.run(dataSource, work);
    }

    /** Whether the context holds an ambient transaction of this datasource. */
    public static boolean hasAmbient(ContextView context, ConnectionSource dataSource) {
        return bound(context, dataSource) != null;
    }

    static @Nullable BoundConnection bound(ContextView context, ConnectionSource dataSource) {
        return context.getOrDefault(new Key(dataSource), null);
    }

    static Context bind(Context context, BoundConnection bound) {
        return context.put(new Key(bound.dataSource()), bound);
    }

    /** The context key of a datasource's ambient transaction (identity of the datasource). */
    private record Key(ConnectionSource dataSource) {
    }

    /** The key of a datasource's state in another manager's transaction. */
    private record ExternalKey(ConnectionSource dataSource) {
    }
}
