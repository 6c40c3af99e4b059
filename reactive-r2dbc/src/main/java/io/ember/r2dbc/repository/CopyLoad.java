package io.ember.r2dbc.repository;

import io.ember.core.repository.Options;
import io.ember.core.repository.Progress;
import io.ember.core.repository.ProgressMeter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.core.error.PersistenceException;
import io.netty.buffer.ByteBuf;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A COPY load: the entities' messages ({@link CopyMessages}) are sent as the driver asks for them,
 * so memory holds a few messages whatever the number of rows. The audit columns get the
 * subscriber's acting user. A source that fails makes the server abort the COPY (nothing is
 * stored) and the load fails with the source's own error.
 *
 * <p>The format: the first load reads the table's column types from the catalog (one statement,
 * on the load's connection) and loads in binary when every column's type has the binary form of
 * its property's kind ({@link CopyFormat#of}), else in text; the choice is kept for the next
 * loads. A binary load the server refuses as malformed (a column's type changed since:
 * {@link #MALFORMED_BINARY}) makes the next load read the catalog again.
 */
final class CopyLoad<T> {

    private final PostgresDataSource dataSource;
    private final WritePlan<T> plan;
    private final AuditUsers audit;
    private final ModelSql<T> sql;
    private final AtomicReference<@Nullable CopyFormat> format = new AtomicReference<>();

    /**
     * The SQLSTATEs of a binary value the server cannot read in its column's type: a value of the
     * wrong form ({@code invalid_binary_representation}) or length ({@code protocol_violation},
     * "insufficient data left in message").
     */
    static final Set<String> MALFORMED_BINARY = Set.of("22P03", "08P01");

    CopyLoad(PostgresDataSource dataSource, ModelSql<T> sql, WritePlan<T> plan, AuditUsers audit) {
        this.dataSource = dataSource;
        this.plan = plan;
        this.audit = audit;
        this.sql = sql;
    }

    Mono<Long> load(Publisher<T> entities, Options options, String operation) {
        return audit.mono("load", user -> Mono.defer(() -> {
            Consumer<? super Progress> listener = options.progress();
            ProgressMeter meter = listener == null ? null : new ProgressMeter(operation, listener,
                    ProgressMeter.DEFAULT_INTERVAL);
            return dataSource.withConnection(options.transaction(), c -> format(c).flatMap(f -> copy(c, f,
                            CopyMessages.of(Flux.from(entities), plan, f, meter, user),
                            () -> format.compareAndSet(f, null))))
                    .singleOrEmpty()
                    .doOnNext(count -> {
                        if (meter != null) {
                            meter.done(count);
                        }
                    });
        }));
    }

    /** The format chosen for this table, reading the catalog on {@code connection} the first time. */
    private Mono<CopyFormat> format(Connection connection) {
        CopyFormat known = format.get();
        if (known != null) {
            return Mono.just(known);
        }
        return columnTypes(connection).map(types -> {
            CopyFormat chosen = CopyFormat.of(plan.insertColumns(), types);
            format.compareAndSet(null, chosen);
            return chosen;
        });
    }

    /** The table's column types as the catalog shows them on {@code connection}, by column name (empty when not found). */
    Mono<Map<String, CopyFormat.ColumnType>> columnTypes(Connection connection) {
        return dataSource.runner().query(connection, sql.columnTypes(), 0,
                        (row, meta) -> Map.entry(row.get(0, String.class),
                                new CopyFormat.ColumnType(row.get(1, Integer.class), Boolean.TRUE.equals(row.get(2, Boolean.class)))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /**
     * One {@code COPY … FROM STDIN} of {@code data} (messages in {@code format}) on {@code connection};
     * emits the rows stored. When {@code data} fails, the COPY is aborted and fails with that error
     * (not with what the abort makes the driver say). {@code forget} runs when the server refused
     * the data as malformed binary ({@link #MALFORMED_BINARY}): the caller's cached format no longer
     * holds.
     */
    Mono<Long> copy(Connection connection, CopyFormat format, Flux<ByteBuf> data, Runnable forget) {
        return Mono.defer(() -> {
            AtomicReference<Throwable> dataError = new AtomicReference<>();
            return dataSource.runner().copyIn(connection, sql.copyFrom(format.columns, format.isBinary()),
                            data.doOnError(dataError::set).map(Mono::just))
                    .doOnError(e -> {
                        if (hasSqlState(e, MALFORMED_BINARY)) {
                            forget.run();
                        }
                    })
                    .onErrorMap(e -> dataError.get() != null, e -> dataError.get());
        });
    }

    /** Whether {@code error} or one of its causes carries one of these SQLSTATEs. */
    static boolean hasSqlState(Throwable error, Set<String> states) {
        Throwable e = error;
        while (e != null) {
            if (e instanceof PersistenceException p && states.contains(p.sqlState())
                    || e instanceof R2dbcException r && states.contains(r.getSqlState())) {
                return true;
            }
            e = e.getCause();
        }
        return false;
    }
}
