package io.ember.r2dbc.coalesce;

import io.ember.core.model.PropertyMetadata;
import io.ember.r2dbc.datasource.PoolStats;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.mapping.EntityReader;
import io.ember.r2dbc.mapping.Values;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.transaction.ExternalTransactions;
import io.ember.r2dbc.transaction.TransactionContext;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Coalesces lookups by id of one statement shape (one model, one selection, one default filter) on
 * one datasource. A lookup that finds the pool with an idle connection and no batch waiting runs
 * alone, as it would without coalescing. One that would wait for a connection (no idle connection
 * and none can be opened) opens a batch, and the lookups that
 * arrive while that batch waits for its connection join it, up to the size cap; when the connection
 * arrives the batch is closed and its keys go as one array parameter in
 * {@code … WHERE id = ANY($1)}. Lookups in a transaction (ambient, another manager's such as Spring's, or named by the caller, who then
 * never comes here) always run alone. Internal: public only for the repository package.
 *
 * @param <T> the model type
 */
public final class PointReads<T> {

    private final PostgresDataSource dataSource;
    private final PropertyMetadata id;
    private final EntityReader<T> reader;
    private final SqlStatement template;
    private final int maxBatch;
    private final AtomicReference<@Nullable Batch<T>> open = new AtomicReference<>();

    /**
     * @param template the statement for any number of ids: its first bind value is the array of
     *                 ids ({@code id = ANY($1)}), replaced by each batch's keys
     * @param reader   maps a row of the template's columns
     * @param maxBatch the most calls in one batch
     */
    public PointReads(PostgresDataSource dataSource, PropertyMetadata id, EntityReader<T> reader,
                      SqlStatement template, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.id = Objects.requireNonNull(id, "id");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.template = Objects.requireNonNull(template, "template");
        this.maxBatch = maxBatch;
    }

    /**
     * The row of {@code key} (a driver value of the id's exact type), read in a batch when the call
     * would otherwise wait for a connection, else by {@code alone}. Cold: the decision is taken at
     * subscription. Emits the row or completes empty; errors with the batch's error.
     */
    public Mono<T> read(Object key, Mono<T> alone) {
        Objects.requireNonNull(key, "key");
        ExternalTransactions external = dataSource.externalTransactions();
        if (external == null) {
            return batchedOrAlone(key, alone);
        }
        // in another manager's transaction (Spring's) the lookup must use that transaction's connection
        return external.current(dataSource.connectionFactory()).hasElement()
                .flatMap(inExternal -> inExternal ? alone : batchedOrAlone(key, alone));
    }

    private Mono<T> batchedOrAlone(Object key, Mono<T> alone) {
        return Mono.deferContextual(context -> {
            if (TransactionContext.hasAmbient(context, dataSource)) {
                return alone;
            }
            Call<T> call = new Call<>(key);
            Batch<T> batch = join(call);
            if (batch == null) {
                return alone;
            }
            return call.sink.asMono().doOnCancel(() -> batch.leave(call));
        });
    }

    /** The batch the call joined (one it opened, perhaps), or {@code null} when it runs alone. */
    private @Nullable Batch<T> join(Call<T> call) {
        while (true) {
            Batch<T> current = open.get();
            if (current != null && current.join(call)) {
                return current;
            }
            if (!saturated()) {
                return null;
            }
            Batch<T> fresh = new Batch<>(this, call);
            if (open.compareAndSet(current, fresh)) {
                fresh.start();
                return fresh;
            }
        }
    }

    /**
     * Whether a call taking a connection now would wait for one: none is idle and none can be
     * opened. (Acquires counted as pending while idle connections exist are being served at once,
     * so they do not count: concurrent calls on an idle pool run alone.)
     */
    private boolean saturated() {
        PoolStats pool = dataSource.stats();
        return pool.idle() == 0 && pool.allocated() >= pool.maxSize();
    }

    /** A batch will take no more calls: it leaves the open slot if it holds it. */
    void closed(Batch<T> batch) {
        open.compareAndSet(batch, null);
    }

    PostgresDataSource dataSource() {
        return dataSource;
    }

    EntityReader<T> reader() {
        return reader;
    }

    int maxBatch() {
        return maxBatch;
    }

    /** The statement for these keys. */
    SqlStatement statement(Collection<Object> keys) {
        Object[] binds = template.binds().toArray();
        binds[0] = Values.toArray(id.kind(), keys);
        return new SqlStatement(template.sql(), Arrays.asList(binds), template.secrets());
    }

    /** The key a row answers: its id as a driver value, as callers give theirs. */
    Object keyOf(T entity) {
        return Values.toDriver(id, id.get(entity));
    }
}
