package io.ember.r2dbc.repository;

import io.ember.core.model.IdStrategy;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import io.ember.core.repository.Progress;
import io.ember.core.repository.ProgressMeter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.SqlStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The inserts of a repository: one row with {@code VALUES}, a chunk of rows with one
 * {@code INSERT … SELECT FROM unnest(…)} (or a multi-row {@code VALUES} for models with array or
 * bytea columns, capped at PostgreSQL's 65,535 parameters), a large chunk with a COPY where the
 * table allows it ({@link CopyInserts}). Only database-generated ids are read
 * back; the entities are emitted as written. Rows are filled and rendered when called; the acting
 * user goes into the audit columns on subscription ({@link AuditUsers}).
 */
final class Inserts<T> {

    /** The most bind parameters one PostgreSQL statement takes. */
    private static final int MAX_BINDS = 65_535;

    private final PostgresDataSource dataSource;
    private final ModelSql<T> sql;
    private final WritePlan<T> plan;
    private final AuditUsers audit;
    private final CopyInserts<T> copies;
    private final boolean unnest;
    private final int chunkSize;

    Inserts(PostgresDataSource dataSource, ModelSql<T> sql, WritePlan<T> plan, AuditUsers audit, CopyLoad<T> copyLoad,
            int batchSize) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.plan = plan;
        this.audit = audit;
        this.copies = new CopyInserts<>(dataSource, sql, plan, copyLoad);
        this.unnest = ModelSql.canUnnest(plan.insertColumns());
        this.chunkSize = unnest ? batchSize
                : Math.max(1, Math.min(batchSize, MAX_BINDS / Math.max(1, plan.insertColumns().size())));
    }

    /** Rows per statement. */
    int chunkSize() {
        return chunkSize;
    }

    /** Inserts one entity. */
    Mono<T> one(T entity, Options options) {
        List<PropertyMetadata> columns = plan.insertColumns();
        Object[] values = plan.insertValues(entity, columns, WritePlan.now());
        SqlStatement statement = sql.insert(columns, WritePlan.toDriver(columns, values), generatedKeys(options));
        return audit.mono("create", user -> inserted(audit.fill(statement, user), List.<Object[]>of(values), options, user)
                .singleOrEmpty());
    }

    /**
     * Inserts one chunk of entities with one statement, or, from {@link CopyInserts#MIN_ROWS} rows on
     * and where the table allows it, with a COPY ({@link CopyInserts}).
     */
    Flux<T> chunk(List<T> chunk, Options options) {
        if (chunk.size() >= CopyInserts.MIN_ROWS) {
            return audit.flux("createAll", user -> copies.insert(chunk, options, user, () -> {
                List<Object[]> rows = values(chunk);
                return inserted(audit.fill(chunkStatement(rows, options), user), rows, options, user);
            }));
        }
        List<Object[]> rows = values(chunk);
        SqlStatement statement = chunkStatement(rows, options);
        return audit.flux("createAll", user -> inserted(audit.fill(statement, user), rows, options, user));
    }

    /** Inserts one chunk of entities as {@link #chunk} does, returning nothing, and emits the number of rows inserted. */
    Mono<Long> chunkCount(List<T> chunk, Options options) {
        Options counting = options.returning(false);
        if (chunk.size() >= CopyInserts.MIN_ROWS) {
            return audit.mono("createAll", user -> copies.count(chunk, counting, user, () -> Statements.execute(
                    dataSource, audit.fill(chunkStatement(values(chunk), counting), user), counting)));
        }
        SqlStatement statement = chunkStatement(values(chunk), counting);
        return audit.mono("createAll", user -> Statements.execute(dataSource, audit.fill(statement, user), options));
    }

    /**
     * Inserts a stream of entities a chunk per statement: one chunk in flight while the next is
     * filled from the source, never more, so memory holds two chunks whatever the stream's length.
     * Emits what each chunk emits, as it comes; tells the call's progress listener the rows stored.
     */
    <R> Flux<R> stream(Publisher<T> entities, Options options, String operation,
                       BiFunction<List<T>, Options, ? extends Publisher<R>> perChunk) {
        Consumer<? super Progress> listener = options.progress();
        if (listener == null) {
            return Flux.from(entities).buffer(chunkSize).concatMap(chunk -> perChunk.apply(chunk, options), 1);
        }
        return Flux.defer(() -> {
            ProgressMeter meter = new ProgressMeter(operation, listener, ProgressMeter.DEFAULT_INTERVAL);
            return Flux.from(entities).buffer(chunkSize)
                    .concatMap(chunk -> Flux.from(perChunk.apply(chunk, options))
                            .doOnComplete(() -> meter.add(chunk.size())), 1)
                    .doOnComplete(() -> meter.done(meter.rows()));
        });
    }

    private List<Object[]> values(List<T> chunk) {
        List<PropertyMetadata> columns = plan.insertColumns();
        Instant now = WritePlan.now();
        List<Object[]> rows = new ArrayList<>(chunk.size());
        for (T entity : chunk) {
            rows.add(plan.insertValues(entity, columns, now));
        }
        return rows;
    }

    private SqlStatement chunkStatement(List<Object[]> rows, Options options) {
        List<PropertyMetadata> columns = plan.insertColumns();
        SqlStatement statement;
        if (unnest) {
            statement = sql.insertUnnest(columns, WritePlan.toColumnArrays(columns, rows), generatedKeys(options));
        } else {
            List<List<Object>> driverRows = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                driverRows.add(WritePlan.toDriver(columns, row));
            }
            statement = sql.insertValues(columns, driverRows, generatedKeys(options));
        }
        return statement;
    }

    /** RETURNING the database-generated id only (identity models); nothing else needs reading back. */
    private @Nullable List<PropertyMetadata> generatedKeys(Options options) {
        return options.isReturning() && plan.model().idStrategy() == IdStrategy.IDENTITY ? List.of(plan.model().id()) : null;
    }

    /** Runs an insert and emits the written entities in row order, with generated ids from RETURNING. */
    private Flux<T> inserted(SqlStatement statement, List<Object[]> rows, Options options, @Nullable Object user) {
        if (!options.isReturning()) {
            return Statements.execute(dataSource, statement, options).thenMany(Flux.empty());
        }
        List<PropertyMetadata> columns = plan.insertColumns();
        if (plan.model().idStrategy() != IdStrategy.IDENTITY) {
            return Statements.execute(dataSource, statement, options)
                    .thenMany(Flux.fromIterable(rows).map(row -> plan.written(columns, row, null, user)));
        }
        Class<?> idType = plan.model().id().kind().driverType();
        return Flux.defer(() -> {
            int[] next = {0};   // rows come back in VALUES/unnest order, one signal at a time
            return Statements.query(dataSource, statement, options, (row, meta) -> row.get(0, idType))
                    .map(id -> plan.written(columns, rows.get(next[0]++), id, user));
        });
    }

}
