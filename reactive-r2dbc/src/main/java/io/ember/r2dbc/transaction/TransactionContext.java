package io.ember.r2dbc.transaction;

import io.ember.core.error.TransactionStateException;
import io.ember.core.transaction.Transaction;
import io.r2dbc.spi.Connection;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
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
}
