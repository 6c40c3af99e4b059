package io.ember.r2dbc.repository;

import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs a repository's statements on the call's transaction, the ambient one, or a pooled connection. */
final class Statements {

    private Statements() {
    }

    static <R> Flux<R> query(PostgresDataSource dataSource, SqlStatement statement, Options options,
                             BiFunction<Row, RowMetadata, ? extends R> mapper) {
        return dataSource.withConnection(options.transaction(),
                c -> dataSource.runner().query(c, statement, options.fetchSize(), mapper));
    }

    static Mono<Long> execute(PostgresDataSource dataSource, SqlStatement statement, Options options) {
        return dataSource.withConnection(options.transaction(), c -> dataSource.runner().update(c, statement))
                .singleOrEmpty();
    }
}
