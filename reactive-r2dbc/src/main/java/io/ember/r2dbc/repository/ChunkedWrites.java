package io.ember.r2dbc.repository;

import io.ember.core.filter.Filters;
import io.ember.core.filter.Order;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import io.ember.core.repository.Progress;
import io.ember.core.repository.ProgressMeter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A chunked {@code updateAll}/{@code deleteAll}: the rows the where matches, walked by ranges of the
 * primary key. Each step reads the next {@code chunkRows} keys ({@code SELECT id … WHERE … AND id > $last
 * ORDER BY id LIMIT $n}) and writes the range they span ({@code … WHERE … AND id > $last AND id <= $high}),
 * each statement on its own (its own short transaction, unless the call runs in one), until a step
 * finds fewer keys than a chunk. A row that starts matching behind the walk is not visited; one that
 * starts matching ahead of it is.
 */
final class ChunkedWrites<T> {

    private final PostgresDataSource dataSource;
    private final ModelSql<T> sql;
    private final ModelMetadata<T> model;

    ChunkedWrites(PostgresDataSource dataSource, ModelSql<T> sql) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.model = sql.model();
    }

    /** Throws at call time when the model's key cannot be walked by ranges. */
    void check(String operation) {
        if (model.hasCompositeKey()) {
            throw new IllegalArgumentException(operation + " in chunks needs a single-column key; "
                    + model.type().getSimpleName() + " has a composite key");
        }
    }

    /**
     * Runs {@code write} (a statement for a where, emitting the rows it changed) once per key range of
     * the rows {@code where} (already validated, default filter merged) matches, and emits the sum.
     */
    Mono<Long> run(@Nullable Where where, Options options, String operation, Function<Where, Mono<Long>> write) {
        PropertyMetadata id = model.id();
        Class<?> idType = id.kind().driverType();
        int chunkRows = options.chunkRows();
        return Mono.defer(() -> {
            Walk walk = new Walk(operation, options.progress());
            return Mono.defer(() -> {
                Where ahead = walk.last == null ? where : and(where, Where.where(id.name()).gt(walk.last));
                SqlStatement keys = sql.select(List.of(id), ahead, List.of(Order.asc(id.name())), chunkRows, 0);
                return Statements.query(dataSource, keys, options, (row, meta) -> row.get(0, idType))
                        .index()
                        .reduce((first, next) -> next)
                        .flatMap(lastKey -> {
                            Object high = lastKey.getT2();
                            Where range = and(ahead, Where.where(id.name()).lte(high));
                            walk.last = high;
                            walk.finished = lastKey.getT1() + 1 < chunkRows;
                            return write.apply(range);
                        })
                        .switchIfEmpty(Mono.fromSupplier(() -> {
                            walk.finished = true;
                            return 0L;
                        }))
                        .doOnNext(walk::add);
            }).repeat(() -> !walk.finished).then(Mono.fromSupplier(walk::done));
        });
    }

    private static Where and(@Nullable Where where, Where more) {
        Where merged = Filters.mergeDefault(where, more);
        return merged == null ? more : merged;
    }

    /** Where a walk is: the last key written, the total, the progress. */
    private static final class Walk {
        private final @Nullable ProgressMeter meter;
        @Nullable Object last;
        boolean finished;
        long total;

        Walk(String operation, @Nullable Consumer<? super Progress> listener) {
            this.meter = listener == null ? null : new ProgressMeter(operation, listener, ProgressMeter.DEFAULT_INTERVAL);
        }

        void add(long rows) {
            total += rows;
            if (meter != null) {
                meter.add(rows);
            }
        }

        long done() {
            if (meter != null) {
                meter.done(total);
            }
            return total;
        }
    }
}
