package io.ember.r2dbc.repository;

import io.ember.core.model.IdStrategy;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.r2dbc.spi.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A large chunk of {@code createAll} through {@code COPY … FROM STDIN} instead of an
 * {@code INSERT}: the same rows, with the same values ({@link WritePlan#insertValues}), stored with
 * the same constraints, defaults and triggers, at COPY's speed. A database-generated id is taken
 * from the column's sequence first ({@code nextval} over {@code generate_series}, one statement),
 * written by the COPY (which writes identity columns as given, {@code GENERATED ALWAYS} included)
 * and returned with the entity, as {@code INSERT … RETURNING} would.
 *
 * <p>COPY stands in only where it behaves as the INSERT would: a plain or partitioned table without
 * row-level security (COPY FROM refuses it) and without rules (COPY ignores them), and, for an
 * identity id that must be returned, a sequence behind the column that the role may take values
 * from. The first large chunk reads that from the catalog (one statement, with the column types
 * that choose binary or text); the answer is kept. Anything else is inserted as before.
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

    CopyInserts(PostgresDataSource dataSource, ModelSql<T> sql, WritePlan<T> plan, CopyLoad<T> copies) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.plan = plan;
        this.copies = copies;
        this.identity = plan.model().idStrategy() == IdStrategy.IDENTITY ? plan.model().id() : null;
    }

    /**
     * Stores {@code rows} (model values in insert-column order, audit slots not yet filled) and
     * emits the entities as written, with their ids when {@code options} asks for rows back; through
     * COPY when the table allows it, else what {@code otherwise} supplies.
     */
    Flux<T> insert(List<Object[]> rows, Options options, @Nullable Object user, Supplier<Flux<T>> otherwise) {
        return target(options).flatMapMany(t -> {
            List<PropertyMetadata> columns = plan.insertColumns();
            if (t.plain == null) {
                return otherwise.get();
            }
            if (!options.isReturning()) {
                return copy(t.plain, filled(rows, null, user), options).thenMany(Flux.empty());
            }
            if (identity == null) {
                return copy(t.plain, filled(rows, null, user), options)
                        .thenMany(Flux.fromIterable(rows).map(row -> plan.written(columns, row, null, user)));
            }
            if (t.withId == null || t.sequence == null) {
                return otherwise.get();
            }
            Class<?> idType = identity.kind().driverType();
            return Statements.query(dataSource, sql.nextValues(t.sequence, rows.size()), options,
                            (row, meta) -> row.get(0, idType))
                    .collectList()
                    .flatMapMany(ids -> copy(t.withId, filled(rows, ids, user), options)
                            .thenMany(Flux.range(0, rows.size())
                                    .map(i -> plan.written(columns, rows.get(i), ids.get(i), user))));
        });
    }

    /** Stores {@code rows} as {@link #insert} does, returning nothing; emits the number stored. */
    Mono<Long> count(List<Object[]> rows, Options options, @Nullable Object user, Supplier<Mono<Long>> otherwise) {
        return target(options).flatMap(t -> t.plain == null ? otherwise.get()
                : copy(t.plain, filled(rows, null, user), options));
    }

    /**
     * Copies of the rows with the acting user in their audit columns and, when {@code ids} is given,
     * the id first (the rows themselves stay as they are: the publisher is cold).
     */
    private static List<Object[]> filled(List<Object[]> rows, @Nullable List<?> ids, @Nullable Object user) {
        List<Object[]> out = new ArrayList<>(rows.size());
        int offset = ids == null ? 0 : 1;
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            Object[] copy = new Object[row.length + offset];
            System.arraycopy(row, 0, copy, offset, row.length);
            if (ids != null) {
                copy[0] = ids.get(i);
            }
            out.add(AuditUsers.fill(copy, user));
        }
        return out;
    }

    private Mono<Long> copy(CopyFormat format, List<Object[]> rows, Options options) {
        return dataSource.withConnection(options.transaction(), c -> copies.copy(c, format,
                        CopyMessages.rows(Flux.fromIterable(rows), format, null), () -> target.set(null)))
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
                        if (identity != null && sequence != null) {
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
