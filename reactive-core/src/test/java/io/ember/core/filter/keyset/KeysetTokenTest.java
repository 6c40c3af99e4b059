package io.ember.core.filter.keyset;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterParser;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.FilterValidator;
import io.ember.core.filter.FilterWriter;
import io.ember.core.filter.Inclusion;
import io.ember.core.filter.QueryStringParser;
import io.ember.core.model.HasMany;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Continuation tokens: typed round trips, and every kind of foreign or damaged token refused. */
class KeysetTokenTest {

    enum Tier { GOLD, SILVER }

    @Model(table = "rows")
    record Row(@Id(strategy = IdStrategy.UUID) UUID id, String name, Long count, BigDecimal amount, Double ratio, Boolean flag, Instant at,
               OffsetDateTime seen, LocalDate day, Tier tier, @Json Map<String, Object> doc, @Hidden String secret,
               @HasMany(target = Other.class, foreignKey = "rowId") List<Other> others) {
    }

    @Model(table = "others")
    record Other(@Id(strategy = IdStrategy.UUID) UUID id, String name, UUID rowId) {
    }

    private static final KeysetSigner SIGNER = KeysetSigner.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final ModelMetadata<Row> MODEL = ModelMetadata.of(Row.class);
    private static final Filter ALL_KEYS = Filter.empty().orderBy("name", "count DESC", "amount", "ratio", "flag",
            "at", "seen", "day", "tier NULLS FIRST").limit(10);
    private static final Row ROW = new Row(UUID.fromString("6f1c1f9e-5f7e-4b8e-9d35-3a3a6c1f0b11"), "Zoë \"q\"",
            -42L, new BigDecimal("12345678901234567890.000123"), 0.1, true, Instant.parse("2026-01-02T03:04:05.123456Z"),
            OffsetDateTime.parse("2026-01-02T03:04:05+02:00"), LocalDate.of(2026, 2, 28), Tier.SILVER, Map.of(), "s", null);

    private static Keyset<Row> keyset(Filter filter) {
        return Keyset.of(MODEL, FilterValidator.validate(filter, MODEL, FilterPolicy.internal()), SIGNER);
    }

    private static Keyset<Row> resumed(Filter filter, String token) {
        return keyset(filter.after(token));
    }

    @Test
    void aTokenCarriesEveryKeyValueBackWithItsPropertyType() {
        String token = keyset(ALL_KEYS).tokenAfter(ROW);
        assertThat(resumed(ALL_KEYS, token).after()).containsExactly(ROW.name(), ROW.count(), ROW.amount(),
                ROW.ratio(), ROW.flag(), ROW.at(), ROW.seen().toInstant().atOffset(ROW.seen().getOffset()), ROW.day(),
                ROW.tier(), ROW.id());
        assertThat(keyset(ALL_KEYS).after()).isNull();
    }

    @Test
    void nullsInNullableKeysSurvive() {
        Row nulls = new Row(ROW.id(), null, null, null, null, null, null, null, null, null, null, null, null);
        String token = keyset(ALL_KEYS).tokenAfter(nulls);
        assertThat(resumed(ALL_KEYS, token).after()).containsExactly(null, null, null, null, null, null, null, null,
                null, ROW.id());
    }

    @Test
    void theIdIsAddedAsTieBreakerInTheLastKeysDirectionUnlessOrdered() {
        assertThat(keyset(Filter.empty().orderBy("name DESC").limit(1)).keys())
                .extracting(k -> k.property().name() + (k.descending() ? " DESC" : " ASC") + (k.nullsFirst() ? " first" : " last"))
                .containsExactly("name DESC first", "id DESC first");
        assertThat(keyset(Filter.empty().orderBy("id DESC", "name").limit(1)).keys()).hasSize(2);
        assertThat(keyset(Filter.empty().limit(1)).keys()).extracting(k -> k.property().name()).containsExactly("id");
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = keyset(ALL_KEYS).tokenAfter(ROW);
        char[] chars = token.toCharArray();
        for (int i : new int[] {0, 5, token.indexOf('.') - 1, token.indexOf('.') + 1, token.length() - 1}) {
            char[] changed = chars.clone();
            changed[i] = changed[i] == 'A' ? 'B' : 'A';
            assertRefused(() -> resumed(ALL_KEYS, new String(changed)));
        }
    }

    @Test
    void aTruncatedOrMalformedTokenIsRefused() {
        String token = keyset(ALL_KEYS).tokenAfter(ROW);
        for (String bad : Arrays.asList(token.substring(0, token.length() - 3), token.substring(0, token.indexOf('.')),
                token.substring(token.indexOf('.')), "x", "a.b.c", "%%%.###", token + ".x", "")) {
            assertRefused(() -> resumed(ALL_KEYS, bad));
        }
    }

    @Test
    void aForgedTokenWithOtherValuesIsRefused() {
        String token = keyset(ALL_KEYS).tokenAfter(ROW);
        String forgedValues = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "[\"a\",1,1,1,true,\"2026-01-01T00:00:00Z\",\"2026-01-01T00:00:00Z\",\"2026-01-01\",\"GOLD\",\"6f1c1f9e-5f7e-4b8e-9d35-3a3a6c1f0b11\"]"
                        .getBytes(StandardCharsets.UTF_8));
        assertRefused(() -> resumed(ALL_KEYS, forgedValues + token.substring(token.indexOf('.'))));
    }

    @Test
    void aTokenOfAnotherWhereOrderModelOrKeyIsRefused() {
        Filter byName = Filter.of(where("name").eq("a")).orderBy("name").limit(10);
        String token = keyset(byName).tokenAfter(ROW);
        assertThat(resumed(byName, token).after()).hasSize(2);
        assertRefused(() -> resumed(byName.withWhere(where("name").eq("b")), token));
        assertRefused(() -> resumed(byName.withWhere(null), token));
        assertRefused(() -> resumed(byName.orderBy("name DESC"), token));
        assertRefused(() -> resumed(byName.orderBy("name NULLS FIRST"), token));
        assertRefused(() -> Keyset.of(MODEL, byName.after(token), KeysetSigner.random()));
        ModelMetadata<Other> other = ModelMetadata.of(Other.class);
        Filter otherFilter = FilterValidator.validate(byName, other, FilterPolicy.internal());
        assertRefused(() -> Keyset.of(other, otherFilter.after(token), SIGNER));
    }

    @Test
    void aTokenSurvivesJsonAndQueryStringRoundTripsOfTheFilter() {
        Filter f = Filter.of(where("at").gt(Instant.parse("2020-01-01T00:00:00Z"))).orderBy("at DESC").limit(3);
        String token = keyset(f).tokenAfter(ROW);
        Filter json = FilterParser.parse(FilterWriter.toJsonText(f.after(token)));
        assertThat(json.after()).isEqualTo(token);
        assertThat(keyset(json).after()).containsExactly(ROW.at(), ROW.id());
        Filter brackets = QueryStringParser.parse("filter[where][at][gt]=2020-01-01T00:00:00Z&filter[order]=at%20DESC"
                + "&filter[limit]=3&filter[after]=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        assertThat(keyset(brackets).after()).containsExactly(ROW.at(), ROW.id());
    }

    @Test
    void keysetReadsNeedALimitNoSkipAndPlainOrderedKeys() {
        assertThatThrownBy(() -> keyset(Filter.empty())).isInstanceOf(InvalidFilterException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> keyset(Filter.empty().limit(5).skip(5))).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("skip");
        assertThatThrownBy(() -> keyset(Filter.empty().orderBy("doc.rank").limit(5))).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("order[0]");
        assertThatThrownBy(() -> keyset(Filter.empty().orderBy("doc").limit(5))).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("order[0]");
        assertThatThrownBy(() -> keyset(Filter.empty().orderBy("name", "secret").limit(5)))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("order[1]").hasMessageContaining("@Hidden");
    }

    @Test
    void theParserReadsAfterAsAStringOnlyAtTheTopLevel() {
        assertThat(FilterParser.parse("{\"after\": \"abc.def\", \"limit\": 2}").after()).isEqualTo("abc.def");
        assertThatThrownBy(() -> FilterParser.parse("{\"after\": 12}")).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("after");
        assertThatThrownBy(() -> FilterParser.parse("{\"after\": \"\"}")).isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> FilterParser.parse("{\"after\": \"" + "a".repeat(FilterParser.MAX_TOKEN_LENGTH + 1) + "\"}"))
                .isInstanceOf(InvalidFilterException.class);
        Filter scoped = Filter.empty().include(new Inclusion("others", Filter.empty().after("x"), false));
        assertThatThrownBy(() -> FilterValidator.validate(scoped, MODEL, FilterPolicy.internal()))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("include[0].scope.after");
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> KeysetSigner.of(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(InvalidFilterException.class).hasMessageStartingWith("after")
                .hasMessageContaining("not a continuation token of this query");
    }
}
