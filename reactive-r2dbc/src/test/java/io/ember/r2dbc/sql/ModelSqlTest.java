package io.ember.r2dbc.sql;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Order;
import io.ember.core.filter.Where;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.Version;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SQL text, asserted exactly, without a database; every value is a bind parameter. */
class ModelSqlTest {

    enum Status { OPEN, CLOSED }

    @Model(table = "users", schema = "app")
    record User(@Id Long id, String name, Integer age, Status status, @Hidden String secret,
                @Json Map<String, Object> metadata, List<String> tags, @Version long version) {
    }

    private final ModelMetadata<User> model = ModelMetadata.of(User.class);
    private final ModelSql<User> sql = new ModelSql<>(model);
    private final List<PropertyMetadata> visible = model.selectable();

    private PropertyMetadata p(String name) {
        return model.property(name);
    }

    private SqlStatement select(Where where) {
        return sql.select(List.of(p("id")), where, List.of(), null, 0);
    }

    @Test
    void selectListsVisibleColumnsQuotedAndQualified() {
        SqlStatement s = sql.select(visible, null, List.of(), null, 0);
        assertThat(s.sql()).isEqualTo("SELECT \"id\", \"name\", \"age\", \"status\", \"metadata\", \"tags\", \"version\" "
                + "FROM \"app\".\"users\"");
        assertThat(s.binds()).isEmpty();
    }

    @Test
    void selectRendersWhereOrderLimitAndOffsetAsParameters() {
        SqlStatement s = sql.select(List.of(p("id"), p("name")), where("age").gte(18).and(where("name").ilike("a%")),
                List.of(Order.parse("name DESC NULLS LAST"), Order.asc("id")), 20, 40);
        assertThat(s.sql()).isEqualTo("SELECT \"id\", \"name\" FROM \"app\".\"users\" WHERE (\"age\" >= $1 AND \"name\" ILIKE $2)"
                + " ORDER BY \"name\" DESC NULLS LAST, \"id\" ASC LIMIT $3 OFFSET $4");
        assertThat(s.binds()).containsExactly(18, "a%", 20L, 40L);
    }

    @Test
    void everyOperatorRendersWithBoundValues() {
        assertThat(select(where("name").eq("x")).sql()).endsWith("WHERE \"name\" = $1");
        assertThat(select(where("name").neq("x")).sql()).endsWith("WHERE \"name\" <> $1");
        assertThat(select(where("name").isNull()).sql()).endsWith("WHERE \"name\" IS NULL");
        assertThat(select(where("name").isNotNull()).sql()).endsWith("WHERE \"name\" IS NOT NULL");
        assertThat(select(where("age").gt(1)).sql()).endsWith("WHERE \"age\" > $1");
        assertThat(select(where("age").lt(1)).sql()).endsWith("WHERE \"age\" < $1");
        assertThat(select(where("age").lte(1)).sql()).endsWith("WHERE \"age\" <= $1");
        assertThat(select(where("age").between(1, 9)).sql()).endsWith("WHERE \"age\" BETWEEN $1 AND $2");
        assertThat(select(where("age").notBetween(1, 9)).sql()).endsWith("WHERE \"age\" NOT BETWEEN $1 AND $2");
        assertThat(select(where("name").like("a%")).sql()).endsWith("WHERE \"name\" LIKE $1");
        assertThat(select(where("name").nlike("a%")).sql()).endsWith("WHERE \"name\" NOT LIKE $1");
        assertThat(select(where("name").nilike("a%")).sql()).endsWith("WHERE \"name\" NOT ILIKE $1");
        assertThat(select(where("name").regexp("^a")).sql()).endsWith("WHERE \"name\" ~ $1");
        assertThat(select(where("name").iregexp("^a")).sql()).endsWith("WHERE \"name\" ~* $1");
        assertThat(select(where("tags").contains(List.of("a"))).sql()).endsWith("WHERE \"tags\" @> $1");
        assertThat(select(where("tags").containedBy(List.of("a"))).sql()).endsWith("WHERE \"tags\" <@ $1");
        assertThat(select(where("tags").overlaps(List.of("a"))).sql()).endsWith("WHERE \"tags\" && $1");
    }

    @Test
    void listsAreOneArrayParameterAndEmptyListsAreConstants() {
        SqlStatement in = select(where("age").inq(1, 2, 3));
        assertThat(in.sql()).endsWith("WHERE \"age\" = ANY($1)");
        assertThat(in.binds()).hasSize(1);
        assertThat((Integer[]) in.binds().get(0)).containsExactly(1, 2, 3);
        assertThat(select(where("status").nin(Status.OPEN)).binds().get(0)).isEqualTo(new String[] {"OPEN"});
        assertThat(select(where("age").nin(1)).sql()).endsWith("WHERE \"age\" <> ALL($1)");
        assertThat(select(where("age").inq(List.of())).sql()).endsWith("WHERE FALSE");
        assertThat(select(where("age").nin(List.of())).sql()).endsWith("WHERE TRUE");
        assertThat(select(where("tags").contains(List.of("a", "b"))).binds().get(0)).isEqualTo(new String[] {"a", "b"});
    }

    @Test
    void valuesAreConvertedToThePropertyType() {
        assertThat(select(where("age").eq(18L)).binds()).containsExactly(18);
        assertThat(select(where("status").eq(Status.CLOSED)).binds()).containsExactly("CLOSED");
        assertThatThrownBy(() -> select(where("age").eq(1L << 40))).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("where.age.eq");
    }

    @Test
    void andOrNestWithParentheses() {
        SqlStatement s = select(where("age").gt(1).and(where("name").eq("a").or(where("name").eq("b"))));
        assertThat(s.sql()).endsWith("WHERE (\"age\" > $1 AND (\"name\" = $2 OR \"name\" = $3))");
        assertThat(select(Where.anyOf()).sql()).endsWith("WHERE FALSE");
        assertThat(select(Where.allOf()).sql()).doesNotContain("WHERE");
    }

    @Test
    void emptyListsOnJsonPathsBindNothing() {
        SqlStatement in = select(where("metadata.a").inq(List.of()).and(where("age").eq(1)));
        assertThat(in.sql()).endsWith("WHERE (FALSE AND \"age\" = $1)");
        assertThat(in.binds()).containsExactly(1);
        SqlStatement nin = select(where("metadata.a").nin(List.of()));
        assertThat(nin.sql()).endsWith("WHERE TRUE");
        assertThat(nin.binds()).isEmpty();
    }

    @Test
    void jsonPathsBindThePathAndCompareNumbersSafely() {
        SqlStatement text = select(where("metadata.address.city").eq("Paris"));
        assertThat(text.sql()).endsWith("WHERE CASE WHEN jsonb_typeof(\"metadata\") = 'array'"
                + " OR jsonb_typeof((\"metadata\" #> $1)) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements("
                + "CASE WHEN jsonb_typeof(\"metadata\") = 'array' AND \"metadata\" <> '[]'::jsonb THEN \"metadata\""
                + " ELSE jsonb_build_array(\"metadata\") END) AS ember_j1(v), jsonb_array_elements("
                + "CASE WHEN jsonb_typeof((ember_j1.v #> $2)) = 'array' AND (ember_j1.v #> $2) <> '[]'::jsonb"
                + " THEN (ember_j1.v #> $2) ELSE jsonb_build_array((ember_j1.v #> $2)) END) AS ember_j2(v)"
                + " WHERE (ember_j2.v #>> $3) = $4) ELSE (\"metadata\" #>> $5) = $6 END");
        assertThat(text.binds()).containsExactly(new String[] {"address"}, new String[] {"address"},
                new String[] {"city"}, "Paris", new String[] {"address", "city"}, "Paris");
        SqlStatement number = select(where("metadata[3][0]").gt(2));
        assertThat(number.sql()).endsWith("WHERE (CASE WHEN jsonb_typeof(\"metadata\" #> $1) = 'number' "
                + "THEN (\"metadata\" #>> $1)::numeric END) > $2");
        assertThat(number.binds()).containsExactly(new String[] {"3", "0"}, new BigDecimal("2"));
        assertThat(select(where("metadata.items[0].qty").gt(2)).sql())
                .endsWith("ELSE (CASE WHEN jsonb_typeof(\"metadata\" #> $5) = 'number' "
                        + "THEN (\"metadata\" #>> $5)::numeric END) > $6 END");
        assertThat(select(where("metadata.flag").eq(true)).sql())
                .endsWith("ELSE (\"metadata\" #> $3) = to_jsonb($4::boolean) END");
        assertThat(sql.select(List.of(p("id")), null, List.of(Order.desc("metadata.rank")), null, 0).sql())
                .endsWith("ORDER BY (\"metadata\" #> $1) DESC, \"id\" DESC");
    }

    @Test
    void identifiersComeOnlyFromMetadata() {
        assertThatThrownBy(() -> select(where("name\" OR 1=1 --").eq("x"))).isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> select(where("nope").eq("x"))).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("unknown property 'nope'");
        assertThatThrownBy(() -> select(where("name.x").eq("x"))).hasMessageContaining("not a @Json property");
        assertThatThrownBy(() -> select(where("metadata.a'b").eq("x"))).hasMessageContaining("bad path segment");
        assertThatThrownBy(() -> select(where("age").like("1%"))).hasMessageContaining("text properties");
        assertThatThrownBy(() -> select(where("name").contains(List.of("a")))).hasMessageContaining("array properties");
        SqlStatement s = select(where("name").eq("x' OR '1'='1"));
        assertThat(s.sql()).doesNotContain("OR '1'");
        assertThat(s.binds()).containsExactly("x' OR '1'='1");
    }

    @Test
    void countAndExists() {
        assertThat(sql.count(where("age").gt(1)).sql()).isEqualTo("SELECT count(*) FROM \"app\".\"users\" WHERE \"age\" > $1");
        assertThat(sql.exists(null).sql()).isEqualTo("SELECT EXISTS (SELECT 1 FROM \"app\".\"users\")");
    }

    @Test
    void insertOneRowReturningVisibleColumns() {
        SqlStatement s = sql.insert(List.of(p("name"), p("age")), List.of("a", 1), List.of(p("id"), p("name")));
        assertThat(s.sql()).isEqualTo("INSERT INTO \"app\".\"users\" (\"name\", \"age\") VALUES ($1, $2) RETURNING \"id\", \"name\"");
        assertThat(s.binds()).containsExactly("a", 1);
        assertThat(sql.insert(List.of(p("name")), List.of("a"), null).sql()).doesNotContain("RETURNING");
    }

    @Test
    void multiRowInsertsUseUnnestWithOneArrayPerColumn() {
        SqlStatement s = sql.insertUnnest(List.of(p("name"), p("age"), p("metadata")),
                List.of(new String[] {"a", "b"}, new Integer[] {1, 2}, new String[] {"{}", "{}"}), null);
        assertThat(s.sql()).isEqualTo("INSERT INTO \"app\".\"users\" (\"name\", \"age\", \"metadata\") SELECT c1, c2, c3::jsonb "
                + "FROM unnest($1::text[], $2::int4[], $3::text[]) AS u(c1, c2, c3)");
        assertThat(s.binds()).hasSize(3);
        assertThat(ModelSql.canUnnest(List.of(p("name"), p("tags")))).isFalse();
        SqlStatement values = sql.insertValues(List.of(p("name"), p("age")), List.of(List.of("a", 1), List.of("b", 2)), null);
        assertThat(values.sql()).isEqualTo("INSERT INTO \"app\".\"users\" (\"name\", \"age\") VALUES ($1, $2), ($3, $4)");
    }

    @Test
    void upsertUpdatesTheGivenColumnsWithTheVersionAndSoftDeleteGuards() {
        ModelSql.OnConflict byId = new ModelSql.OnConflict(List.of(p("id")),
                List.of(new Assignment.Excluded(p("name")), new Assignment.Increment(p("version"))), p("version"), null);
        SqlStatement s = sql.upsert(List.of(p("id"), p("name"), p("version")), List.of(1L, "a", 3L), true, byId, null);
        assertThat(s.sql()).isEqualTo("INSERT INTO \"app\".\"users\" AS ember_target (\"id\", \"name\", \"version\") "
                + "OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3) ON CONFLICT (\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\", "
                + "\"version\" = ember_target.\"version\" + 1 WHERE ember_target.\"version\" = EXCLUDED.\"version\"");
        ModelSql.OnConflict byName = new ModelSql.OnConflict(List.of(p("name"), p("age")), List.of(), null, p("status"));
        assertThat(sql.upsert(List.of(p("name"), p("age")), List.of("a", 1), false, byName, List.of(p("id"))).sql())
                .isEqualTo("INSERT INTO \"app\".\"users\" AS ember_target (\"name\", \"age\") VALUES ($1, $2) "
                        + "ON CONFLICT (\"name\", \"age\") DO UPDATE SET \"name\" = EXCLUDED.\"name\" "
                        + "WHERE ember_target.\"status\" IS NULL RETURNING \"id\"");
    }

    @Test
    void updateRendersSetsIncrementsAndAdditions() {
        List<Assignment> sets = List.of(new Assignment.Set(p("name"), "n"), new Assignment.Add(p("age"), 2),
                new Assignment.Increment(p("version")));
        SqlStatement s = sql.update(sets, where("id").eq(7L), List.of(p("id")));
        assertThat(s.sql()).isEqualTo("UPDATE \"app\".\"users\" SET \"name\" = $1, \"age\" = COALESCE(\"age\", 0) + $2, "
                + "\"version\" = \"version\" + 1 WHERE \"id\" = $3 RETURNING \"id\"");
        assertThat(s.binds()).containsExactly("n", 2, 7L);
    }

    @Test
    void jsonPathsCreateMissingParentsOrFallBackToAStrictPathThatFails() {
        List<Assignment> sets = List.of(
                new Assignment.SetJsonPath(p("metadata"), List.of("a", "b"), io.r2dbc.postgresql.codec.Json.of("1"), "metadata.a.b"),
                new Assignment.SetJsonPath(p("metadata"), List.of("c", "0"), io.r2dbc.postgresql.codec.Json.of("2"), "metadata.c[0]"));
        SqlStatement s = sql.update(sets, null, null);
        assertThat(s.sql()).isEqualTo("UPDATE \"app\".\"users\" SET \"metadata\" = (SELECT ember_j2.d FROM "
                + "(SELECT COALESCE(NULLIF(\"metadata\", 'null'::jsonb), '{}'::jsonb) AS d) ember_j0 "
                + "CROSS JOIN LATERAL (SELECT CASE WHEN COALESCE(jsonb_typeof(ember_j0.d), 'object') IN ('object', 'null') "
                + "AND COALESCE(jsonb_typeof((ember_j0.d #> $1)), 'object') IN ('object', 'null') "
                + "THEN jsonb_set(jsonb_set(ember_j0.d, $1, COALESCE(NULLIF(ember_j0.d #> $1, 'null'::jsonb), '{}'::jsonb), true), $2, $3, true) "
                + "ELSE jsonb_path_query_first(ember_j0.d, $4::jsonpath) END AS d) ember_j1 "
                + "CROSS JOIN LATERAL (SELECT CASE WHEN COALESCE(jsonb_typeof(ember_j1.d), 'object') IN ('object', 'null') "
                + "AND CASE WHEN jsonb_typeof((ember_j1.d #> $5)) = 'array' THEN jsonb_array_length((ember_j1.d #> $5)) > $7 ELSE false END "
                + "THEN jsonb_set(ember_j1.d, $6, $8, true) "
                + "ELSE jsonb_path_query_first(ember_j1.d, $9::jsonpath) END AS d) ember_j2)");
        assertThat(s.binds().get(0)).isEqualTo(new String[] {"a"});
        assertThat(s.binds().get(1)).isEqualTo(new String[] {"a", "b"});
        assertThat(s.binds().get(3)).isEqualTo("strict $.\"a\".\"b\"");
        assertThat(s.binds().get(6)).isEqualTo(0);
        assertThat(s.binds().get(8)).isEqualTo("strict $.\"c\"[0]");
    }

    @Test
    void hiddenValuesAreMaskedInLoggableBinds() {
        SqlStatement insert = sql.insert(List.of(p("name"), p("secret")), List.of("visible", "s3cret"), null);
        assertThat(insert.loggableBinds()).containsExactly("visible", SqlStatement.MASK);
        assertThat(insert.binds()).containsExactly("visible", "s3cret");
        SqlStatement update = sql.update(List.of(new Assignment.Set(p("secret"), "s3cret")), where("secret").eq("old"), null);
        assertThat(update.loggableBinds()).containsExactly(SqlStatement.MASK, SqlStatement.MASK);
        SqlStatement select = select(where("name").eq("x").and(where("secret").eq("s3cret")));
        assertThat(select.loggableBinds()).doesNotContain("s3cret");
        assertThat(select(where("name").eq("x")).loggableBinds()).containsExactly("x");
    }

    @Test
    void deleteWithWhereAndReturning() {
        assertThat(sql.delete(where("id").eq(1L), List.of(p("id"))).sql())
                .isEqualTo("DELETE FROM \"app\".\"users\" WHERE \"id\" = $1 RETURNING \"id\"");
    }

    @Test
    void valuesNeverAppearInTheSqlText() {
        String marker = "zz_marker_zz";
        SqlStatement s = sql.select(visible, where("name").eq(marker).or(where("name").like(marker),
                where("status").inq(marker), where("metadata.k").eq(marker)), List.of(), 5, 0);
        assertThat(s.sql()).doesNotContain(marker);
        assertThat(s.binds()).hasSizeGreaterThanOrEqualTo(4);
    }
}
