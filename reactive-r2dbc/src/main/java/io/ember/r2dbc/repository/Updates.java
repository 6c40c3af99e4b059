package io.ember.r2dbc.repository;

import io.ember.core.error.OptimisticLockException;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.mapping.EntityReader;
import io.ember.r2dbc.sql.Assignment;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a repository's UPDATE statements: one row (optionally at an expected version), or many by
 * count or with their rows. A JSON path that PostgreSQL refused becomes an error naming the patch keys.
 */
final class Updates<T> {

    private final PostgresDataSource dataSource;
    private final EntityReader<T> reader;

    Updates(PostgresDataSource dataSource, EntityReader<T> reader) {
        this.dataSource = dataSource;
        this.reader = reader;
    }

    /** The updated row (empty with {@code returning(false)} or when no row matched). */
    Mono<T> one(SqlStatement statement, List<Assignment> assignments, Options options) {
        Mono<T> written = options.isReturning()
                ? Statements.query(dataSource, statement, options, reader).singleOrEmpty()
                : Statements.execute(dataSource, statement, options).then(Mono.empty());
        return explained(written, assignments);
    }

    /**
     * An update whose where names the expected version: when it changes no row, {@code rowExists} tells
     * a row at another version ({@link OptimisticLockException} naming {@code what}) from no row (empty).
     */
    Mono<T> versioned(SqlStatement statement, List<Assignment> assignments, String what, Object expected,
                      Mono<Boolean> rowExists, Options options) {
        Mono<T> stale = Mono.defer(() -> rowExists.flatMap(found -> found
                ? Mono.error(new OptimisticLockException(what + " is no longer at version " + expected))
                : Mono.empty()));
        Mono<T> written = options.isReturning()
                ? Statements.query(dataSource, statement, options, reader).singleOrEmpty().switchIfEmpty(stale)
                : Statements.execute(dataSource, statement, options).flatMap(n -> n > 0 ? Mono.<T>empty() : stale);
        return explained(written, assignments);
    }

    /** How many rows changed. */
    Mono<Long> count(SqlStatement statement, List<Assignment> assignments, Options options) {
        List<String> keys = JsonPatchErrors.keys(assignments);
        return Statements.execute(dataSource, statement, options).onErrorMap(e -> JsonPatchErrors.explain(e, keys));
    }

    /** The changed rows, from {@code RETURNING}. */
    Flux<T> rows(SqlStatement statement, List<Assignment> assignments, Options options) {
        List<String> keys = JsonPatchErrors.keys(assignments);
        return Statements.query(dataSource, statement, options, reader).onErrorMap(e -> JsonPatchErrors.explain(e, keys));
    }

    private static <R> Mono<R> explained(Mono<R> written, List<Assignment> assignments) {
        List<String> keys = JsonPatchErrors.keys(assignments);
        return written.onErrorMap(e -> JsonPatchErrors.explain(e, keys));
    }
}
