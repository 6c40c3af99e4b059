package io.ember.r2dbc.transaction;

import io.ember.core.transaction.Transaction;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.SqlStatement;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Plain SQL through {@link PostgresDataSource#withConnection}, so it joins transactions like repository calls. */
final class Sql {

    private Sql() {
    }

    static Mono<Long> update(PostgresDataSource ds, String sql, Object... binds) {
        return update(ds, null, sql, binds);
    }

    static Mono<Long> update(PostgresDataSource ds, @Nullable Transaction tx, String sql, Object... binds) {
        SqlStatement statement = new SqlStatement(sql, List.of(binds));
        return ds.withConnection(tx, c -> ds.runner().update(c, statement)).next();
    }

    static Flux<Object> query(PostgresDataSource ds, String sql, Object... binds) {
        return query(ds, null, sql, binds);
    }

    static Flux<Object> query(PostgresDataSource ds, @Nullable Transaction tx, String sql, Object... binds) {
        SqlStatement statement = new SqlStatement(sql, List.of(binds));
        return ds.withConnection(tx, c -> ds.runner().query(c, statement, 0, (row, meta) -> row.get(0)));
    }

    static Mono<String> text(PostgresDataSource ds, String sql) {
        return query(ds, sql).next().map(String::valueOf);
    }

    static Mono<Long> number(PostgresDataSource ds, String sql, Object... binds) {
        return query(ds, sql, binds).next().map(v -> ((Number) v).longValue());
    }

    /** Waits until every connection of the datasource is back in the pool (test code only). */
    static void awaitIdle(PostgresDataSource ds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            Mono.delay(Duration.ofMillis(10)).block();
        }
    }
}
