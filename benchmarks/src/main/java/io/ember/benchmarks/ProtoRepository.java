package io.ember.benchmarks;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.mapping.EntityReader;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A prototype of changes proposed for {@code DefaultCrudRepository#findById}, measured here
 * before the owner applies them ({@code ember-proto} library): the SQL of a plain lookup rendered
 * once per repository instead of on every call, and, with {@code -Dbench.proto.single=true}, the
 * single row taken with {@code singleOrEmpty()} (the statement runs to completion) instead of
 * {@code next()} (which cancels the query after the first row).
 */
final class ProtoRepository<T> extends DefaultCrudRepository<T, Long> {

    static final boolean SINGLE = Boolean.parseBoolean(System.getProperty("bench.proto.single", "true"));

    private final String findByIdSql;
    private final EntityReader<T> reader;

    ProtoRepository(Class<T> type, PostgresDataSource dataSource) {
        super(type, dataSource);
        ModelMetadata<T> m = model();
        this.reader = new EntityReader<>(m, m.selectable());
        this.findByIdSql = sql().select(m.selectable(), Where.where(m.id().name()).eq(0L), List.of(), null, 0).sql();
    }

    @Override
    public Mono<T> findById(Long id, Filter filter, Options options) {
        if (!filter.equals(Filter.empty()) || settings().defaultWhere() != null) {
            return super.findById(id, filter, options);
        }
        Flux<T> rows = query(new SqlStatement(findByIdSql, List.of(id)), options, reader);
        return SINGLE ? rows.singleOrEmpty() : rows.next();
    }
}
