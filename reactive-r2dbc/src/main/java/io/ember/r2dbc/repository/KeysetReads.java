package io.ember.r2dbc.repository;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Where;
import io.ember.core.filter.keyset.Keyset;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.KeysetPage;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.mapping.EntityReader;
import io.ember.r2dbc.relation.Inclusions;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.Selection;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads one keyset page: one statement for {@code limit + 1} rows after the token's position (the
 * extra row only tells whether a next page exists, and is dropped), the whole page read before its
 * inclusions are loaded, then the token of its last row. The statement runs on a connection of its
 * own unless the call names or joins a transaction, so nothing is held between pages.
 */
final class KeysetReads {

    private KeysetReads() {
    }

    static <T> Mono<KeysetPage<T>> page(ModelSql<T> sql, PostgresDataSource dataSource, EntityReader<T> reader,
                                        Filter filter, Keyset<T> keyset, @Nullable Where where, Options options) {
        ModelMetadata<T> model = sql.model();
        List<PropertyMetadata> columns = Selection.columns(model, filter.fields(), "");
        @Nullable Inclusions<T> inclusions = filter.include().isEmpty() ? null
                : Inclusions.plan(model, columns, filter.include());
        if (inclusions != null) {
            columns = inclusions.columns();
        }
        List<PropertyMetadata> withKeys = withKeys(columns, keyset);
        EntityReader<T> rows = withKeys.equals(model.selectable()) ? reader : new EntityReader<>(model, withKeys);
        int limit = filter.limit();
        SqlStatement statement = sql.selectAfter(withKeys, where, keyset, limit + 1);
        if (inclusions == null) {
            return Statements.query(dataSource, statement, options, rows).collectList().map(found -> {
                boolean more = found.size() > limit;
                List<T> page = more ? found.subList(0, limit) : found;
                return new KeysetPage<>(page, more ? keyset.tokenAfter(page.get(limit - 1)) : null);
            });
        }
        // The page is read to its end, then its relations load on the same connection (Inclusions
        // builds each instance once, from the rows' component arrays).
        int components = model.componentCount();
        return dataSource.withConnection(options.transaction(), c -> dataSource.runner()
                .query(c, statement, 0, (row, meta) -> rows.components(row, components)).collectList()
                .flatMap(found -> {
                    boolean more = found.size() > limit;
                    List<@Nullable Object[]> page = more ? found.subList(0, limit) : found;
                    String next = more ? keyset.tokenAfter(model.newInstance(page.get(limit - 1))) : null;
                    return inclusions.load(c, page, dataSource, options).collectList()
                            .map(list -> new KeysetPage<>(list, next));
                }))
                .single();
    }

    /** The columns, plus the keys' columns they leave out (the token is made of the last row's keys). */
    private static List<PropertyMetadata> withKeys(List<PropertyMetadata> columns, Keyset<?> keyset) {
        List<PropertyMetadata> out = null;
        for (Keyset.Key key : keyset.keys()) {
            if (!columns.contains(key.property()) && (out == null || !out.contains(key.property()))) {
                if (out == null) {
                    out = new ArrayList<>(columns);
                }
                out.add(key.property());
            }
        }
        return out == null ? columns : out;
    }
}
