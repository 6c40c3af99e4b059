package io.ember.r2dbc.repository;

import io.ember.core.model.IdStrategy;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.netty.buffer.ByteBuf;
import io.r2dbc.spi.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A large chunk of {@code createAll} through {@code COPY … FROM STDIN} instead of an
 * {@code INSERT}: the same rows, with the same values ({@link WritePlan#insertValues}), stored with
 * the same constraints, defaults and triggers, at COPY's speed. A database-generated id is taken
 * from the column's sequence first ({@code nextval} over {@code generate_series}, one statement
 * that answers with runs of consecutive values, usually one row),
 * written by the COPY (which writes identity columns as given, {@code GENERATED ALWAYS} included)
 * and returned with the entity, as {@code INSERT … RETURNING} would.
 *
 * <p>COPY stands in only where it behaves as the INSERT would: a plain or partitioned table without
 * row-level security (COPY FROM refuses it) and without INSERT rules (COPY ignores them), and, for
 * an identity id that must be returned, a sequence behind the column that the role may take values
 * from. The first large chunk reads that from the catalog (one statement, then the column types
 * that choose binary or text); the answer is kept until a refusal says it no longer holds
 * ({@link #forgetIfStale}, or malformed binary). Anything else is inserted as before.
 */
final class CopyInserts<T> {

    /**
     * Chunks of at least this many rows go through COPY; below it, one INSERT's single round trip
     * costs less than COPY's two or three.
     */
    static final int MIN_ROWS = 1_000;

    private final PostgresDataSource dataSource;
    private final ModelSql<T> sql;
    private final WritePlan<T> plan;
    private final CopyLoad<T> copies;
    private final @Nullable PropertyMetadata identity;
    private final AtomicReference<@Nullable Target> target = new AtomicReference<>();

    /**
     * What the catalog allowed: {@code plain} (the insert columns) is null when COPY may not stand
     * in; {@code withId} (the identity id first, then the insert columns) and {@code sequence} are
     * null when ids cannot be taken beforehand.
     */
    private record Target(@Nullable CopyFormat plain, @Nullable CopyFormat withId, @Nullable String sequence) {
    }

    private static final Target NOT_COPYABLE = new Target(null, null, null);

    /** The SQLSTATEs after which the catalog is read again: feature not supported, insufficient privilege. */
    private static final Set<String> STALE = Set.of("0A000", "42501");

    /** The id kinds a sequence's values are taken for. */
    private static final Set<ValueKind> INTEGRAL = EnumSet.of(ValueKind.SHORT, ValueKind.INT, ValueKind.LONG);

    CopyInserts(PostgresDataSource dataSource, ModelSql<T> sql, WritePlan<T> plan, CopyLoad<T> copies) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.plan = plan;
        this.copies = copies;
        this.identity = plan.model().idStrategy() == IdStrategy.IDENTITY ? plan.model().id() : null;
    }

    /**
     * Stores {@code entities} and emits them as written, with their ids when {@code options} asks for
     * rows back; through COPY when the table allows it, else what {@code otherwise} supplies.
     */
    Flux<T> insert(List<T> entities, Options options, @Nullable Object user, Supplier<Flux<T>> otherwise) {
        return target(options).flatMapMany(t -> insert(t, entities, options, user, otherwise))
                .doOnError(this::forgetIfStale);
    }

    /** {@link #insert} as the catalog's answer {@code t} allows. */
    private Flux<T> insert(Target t, List<T> entities, Options options, @Nullable Object user,
                             Supplier<Flux<T>> otherwise) {
        CopyFormat plain = t.plain;
        if (plain == null) {
            return otherwise.get();
        }
        if (!options.isReturning()) {
            return copy(plain, CopyMessages.of(Flux.fromIterable(entities), plan, plain, null, user), options)
                    .thenMany(Flux.empty());
        }
        if (identity == null) {
            List<Object[]> rows = rows(entities, 0, user);
            return copy(plain, messages(plain, rows), options).thenMany(written(plain, rows, user));
        }
        CopyFormat withId = t.withId;
        String sequence = t.sequence;
        if (withId == null || sequence == null) {
            return otherwise.get();
        }
        List<Object[]> rows = rows(entities, 1, user);
        return Statements.query(dataSource, sql.nextValueRuns(sequence, rows.size()), options,
                        (row, meta) -> new long[] {row.get(0, Long.class), row.get(1, Long.class)})
                .collectList()
                .flatMapMany(runs -> {
                    putIds(rows, runs);
                    return copy(withId, messages(withId, rows), options).thenMany(written(withId, rows, user));
                });
    }

    /** Stores {@code entities} as {@link #insert} does, returning nothing; emits the number stored. */
    Mono<Long> count(List<T> entities, Options options, @Nullable Object user, Supplier<Mono<Long>> otherwise) {
        return target(options).flatMap(t -> t.plain == null ? otherwise.get()
                        : copy(t.plain, CopyMessages.of(Flux.fromIterable(entities), plan, t.plain, null, user), options))
                .doOnError(this::forgetIfStale);
    }

    /**
     * After a refusal that says the catalog's answer no longer holds (row-level security enabled
     * since, {@code 0A000}; a privilege on the sequence revoked, {@code 42501}), the next large chunk
     * reads it again, and inserts if COPY may no longer stand in. The chunk that met the refusal
     * fails with it.
     */
    private void forgetIfStale(Throwable error) {
        if (CopyLoad.hasSqlState(error, STALE)) {
            target.set(null);
        }
    }

    /** The entities' insert values, after {@code offset} empty places, with the acting user in the audit columns. */
    private List<Object[]> rows(List<T> entities, int offset, @Nullable Object user) {
        Instant now = WritePlan.now();
        List<PropertyMetadata> columns = plan.insertColumns();
        List<Object[]> rows = new ArrayList<>(entities.size());
        for (T entity : entities) {
            rows.add(AuditUsers.fill(plan.insertValues(entity, columns, now, offset), user));
        }
        return rows;
    }

    /** Puts the ids of {@code runs} (first and last value of each) first in the rows, in order. */
    private void putIds(List<Object[]> rows, List<long[]> runs) {
        Class<?> type = Objects.requireNonNull(identity).kind().driverType();
        int i = 0;
        for (long[] run : runs) {
            for (long id = run[0]; id <= run[1]; id++) {
                rows.get(i++)[0] = type == Long.class ? Long.valueOf(id)
                        : type == Integer.class ? Integer.valueOf(Math.toIntExact(id)) : Short.valueOf((short) id);
            }
        }
        if (i != rows.size()) {
            throw new IllegalStateException("The sequence gave " + i + " values for " + rows.size() + " rows");
        }
    }

    private Flux<T> written(CopyFormat format, List<Object[]> rows, @Nullable Object user) {
        return Flux.fromIterable(rows).map(row -> plan.written(format.columns, row, null, user));
    }

    private static Flux<ByteBuf> messages(CopyFormat format, List<Object[]> rows) {
        return CopyMessages.rows(Flux.fromIterable(rows), format, null);
    }

    private Mono<Long> copy(CopyFormat format, Flux<ByteBuf> data, Options options) {
        return dataSource.withConnection(options.transaction(), c -> copies.copy(c, format, data, () -> target.set(null)))
                .singleOrEmpty();
    }

    private Mono<Target> target(Options options) {
        Target known = target.get();
        if (known != null) {
            return Mono.just(known);
        }
        return dataSource.withConnection(options.transaction(), this::read)
                .singleOrEmpty()
                .defaultIfEmpty(NOT_COPYABLE)
                .doOnNext(t -> target.compareAndSet(null, t));
    }

    /** Reads the table's facts and column types on {@code connection}; nothing when the table is not found. */
    private Mono<Target> read(Connection connection) {
        String identityColumn = identity == null ? null : identity.column();
        return dataSource.runner().query(connection, sql.copyInsertable(identityColumn), 0,
                        (row, meta) -> new Object[] {row.get(0, Boolean.class), row.get(1, String.class),
                                row.get(2, Boolean.class)})
                .singleOrEmpty()
                .flatMap(facts -> {
                    if (!Boolean.TRUE.equals(facts[0])) {
                        return Mono.just(NOT_COPYABLE);
                    }
                    String sequence = Boolean.TRUE.equals(facts[2]) ? (String) facts[1] : null;
                    return copies.columnTypes(connection).map(types -> {
                        CopyFormat withId = null;
                        if (identity != null && sequence != null && INTEGRAL.contains(identity.kind())) {
                            List<PropertyMetadata> columns = new ArrayList<>(plan.insertColumns().size() + 1);
                            columns.add(identity);
                            columns.addAll(plan.insertColumns());
                            withId = CopyFormat.of(columns, types);
                        }
                        return new Target(CopyFormat.of(plan.insertColumns(), types), withId, sequence);
                    });
                });
    }
}
