package io.ember.r2dbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Where;
import io.ember.core.filter.keyset.Keyset;
import io.ember.core.filter.keyset.KeysetSigner;
import io.ember.core.model.Column;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL of keyset pages, as text, without a database. */
class KeysetSqlTest {

    @Model(table = "events")
    record Event(@Id Long id, @Column(nullable = false) String kind, Integer score, Instant at) {
    }

    private static final KeysetSigner SIGNER = KeysetSigner.of(new byte[32]);
    private final ModelMetadata<Event> model = ModelMetadata.of(Event.class);
    private final ModelSql<Event> sql = new ModelSql<>(model);
    private final List<PropertyMetadata> idOnly = List.of(model.id());

    /** A keyset positioned after this row. */
    private Keyset<Event> after(Filter filter, Event row) {
        String token = Keyset.of(model, filter, SIGNER).tokenAfter(row);
        return Keyset.of(model, filter.after(token), SIGNER);
    }

    @Test
    void theFirstPageHasNoPositionAndOrdersByTheIdAsTieBreaker() {
        SqlStatement s = sql.selectAfter(idOnly, null, Keyset.of(model, Filter.empty().orderBy("kind").limit(10), SIGNER), 11);
        assertThat(s.sql()).isEqualTo("SELECT \"id\" FROM \"events\" ORDER BY \"kind\" ASC NULLS LAST,"
                + " \"id\" ASC NULLS LAST LIMIT $1");
        assertThat(s.binds()).containsExactly(11L);
    }

    @Test
    void nonNullKeysInOneDirectionAreOneRowComparison() {
        Filter f = Filter.empty().orderBy("kind").limit(10);
        SqlStatement s = sql.selectAfter(idOnly, null, after(f, new Event(7L, "b", null, null)), 11);
        assertThat(s.sql()).isEqualTo("SELECT \"id\" FROM \"events\" WHERE ((\"kind\", \"id\") > ($1, $2))"
                + " ORDER BY \"kind\" ASC NULLS LAST, \"id\" ASC NULLS LAST LIMIT $3");
        assertThat(s.binds()).containsExactly("b", 7L, 11L);
        Filter desc = Filter.empty().orderBy("kind DESC").limit(10);
        assertThat(sql.selectAfter(idOnly, null, after(desc, new Event(7L, "b", null, null)), 11).sql())
                .contains("WHERE ((\"kind\", \"id\") < ($1, $2)) ORDER BY \"kind\" DESC NULLS FIRST, \"id\" DESC NULLS FIRST");
    }

    @Test
    void theIdAloneIsOneComparison() {
        SqlStatement s = sql.selectAfter(idOnly, null, after(Filter.empty().limit(5), new Event(3L, "a", null, null)), 6);
        assertThat(s.sql()).isEqualTo("SELECT \"id\" FROM \"events\" WHERE (\"id\" > $1) ORDER BY \"id\" ASC NULLS LAST LIMIT $2");
    }

    @Test
    void mixedDirectionsExpandIntoOneDisjunctPerKey() {
        Filter f = Filter.empty().orderBy("kind DESC", "id ASC").limit(10);
        SqlStatement s = sql.selectAfter(idOnly, null, after(f, new Event(7L, "b", null, null)), 11);
        assertThat(s.sql()).contains("WHERE ((\"kind\" < $1) OR (\"kind\" = $1 AND \"id\" > $2))");
        assertThat(s.binds()).containsExactly("b", 7L, 11L);
    }

    @Test
    void aNullableKeyAscendingAdmitsTheNullsThatComeLast() {
        Filter f = Filter.empty().orderBy("score").limit(10);
        SqlStatement s = sql.selectAfter(idOnly, null, after(f, new Event(7L, "b", 40, null)), 11);
        assertThat(s.sql()).contains("WHERE (((\"score\" > $1 OR \"score\" IS NULL)) OR (\"score\" = $1 AND \"id\" > $2))"
                + " ORDER BY \"score\" ASC NULLS LAST, \"id\" ASC NULLS LAST");
    }

    @Test
    void afterANullThatSortsLastOnlyLaterIdsOfNullFollow() {
        Filter f = Filter.empty().orderBy("score").limit(10);
        SqlStatement s = sql.selectAfter(idOnly, null, after(f, new Event(7L, "b", null, null)), 11);
        assertThat(s.sql()).contains("WHERE ((\"score\" IS NULL AND \"id\" > $1))");
        assertThat(s.binds()).containsExactly(7L, 11L);
    }

    @Test
    void afterANullThatSortsFirstEveryValueFollows() {
        Filter f = Filter.empty().orderBy("score DESC").limit(10);
        SqlStatement s = sql.selectAfter(idOnly, null, after(f, new Event(7L, "b", null, null)), 11);
        assertThat(s.sql()).contains("WHERE ((\"score\" IS NOT NULL) OR (\"score\" IS NULL AND \"id\" < $1))"
                + " ORDER BY \"score\" DESC NULLS FIRST, \"id\" DESC NULLS FIRST");
        Filter nullsFirstAsc = Filter.empty().orderBy("score ASC NULLS FIRST").limit(10);
        assertThat(sql.selectAfter(idOnly, null, after(nullsFirstAsc, new Event(7L, "b", 3, null)), 11).sql())
                .contains("WHERE ((\"score\" > $1) OR (\"score\" = $1 AND \"id\" > $2))");
    }

    @Test
    void theFiltersWhereIsParenthesizedAndBoundBeforeThePosition() {
        Filter f = Filter.of(Where.where("kind").eq("x").or(Where.where("score").gt(3))).orderBy("kind").limit(10);
        SqlStatement s = sql.selectAfter(idOnly, f.where(), after(f, new Event(7L, "b", null, null)), 11);
        assertThat(s.sql()).startsWith("SELECT \"id\" FROM \"events\" WHERE ((\"kind\" = $1 OR \"score\" > $2))"
                + " AND ((\"kind\", \"id\") > ($3, $4))");
        assertThat(s.binds()).containsExactly("x", 3, "b", 7L, 11L);
    }
}
