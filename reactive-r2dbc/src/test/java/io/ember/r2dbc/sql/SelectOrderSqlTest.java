package io.ember.r2dbc.sql;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Operator;
import io.ember.core.filter.Order;
import io.ember.core.filter.Where;
import io.ember.core.model.Id;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL of the LoopBack-compatible answers (issue 9), as text, without a database. */
class SelectOrderSqlTest {

    @Model(table = "people")
    record Person(@Id Long id, String name, Integer age, @Json Map<String, Object> doc) {
    }

    private final ModelMetadata<Person> model = ModelMetadata.of(Person.class);
    private final ModelSql<Person> sql = new ModelSql<>(model);
    private final List<PropertyMetadata> idOnly = List.of(model.id());

    private String select(List<Order> order, Integer limit, long skip) {
        return sql.select(idOnly, null, order, limit, skip).sql();
    }

    private SqlStatement selectWhere(Where where) {
        return sql.select(idOnly, where, List.of(), null, 0);
    }

    @Test
    void aPageWithoutAnOrderIsOrderedByTheId() {
        assertThat(select(List.of(), 20, 0)).isEqualTo("SELECT \"id\" FROM \"people\" ORDER BY \"id\" ASC LIMIT $1");
        assertThat(select(List.of(), null, 40)).isEqualTo("SELECT \"id\" FROM \"people\" ORDER BY \"id\" ASC OFFSET $1");
    }

    @Test
    void aReadWithoutOrderLimitOrSkipIsNotSorted() {
        assertThat(select(List.of(), null, 0)).isEqualTo("SELECT \"id\" FROM \"people\"");
    }

    @Test
    void anOrderWithoutTheIdEndsWithTheIdInTheLastKeysDirection() {
        assertThat(select(List.of(Order.parse("name DESC NULLS LAST")), null, 0))
                .endsWith("ORDER BY \"name\" DESC NULLS LAST, \"id\" DESC");
        assertThat(select(List.of(Order.desc("age"), Order.asc("doc.rank")), 5, 0))
                .endsWith("ORDER BY \"age\" DESC, (\"doc\" #> $1) ASC, \"id\" ASC LIMIT $2");
    }

    @Test
    void anOrderThatNamesTheIdIsKeptAsWritten() {
        assertThat(select(List.of(Order.desc("id"), Order.asc("name")), 10, 0))
                .endsWith("ORDER BY \"id\" DESC, \"name\" ASC LIMIT $1");
    }

    @Test
    void aRangeOperatorWithNullIsFalse() {
        for (Operator op : List.of(Operator.GT, Operator.GTE, Operator.LT, Operator.LTE)) {
            SqlStatement s = selectWhere(new Where.Condition("age", op, null));
            assertThat(s.sql()).endsWith("WHERE FALSE");
            assertThat(s.binds()).isEmpty();
            assertThat(selectWhere(new Where.Condition("doc.a", op, null)).sql()).endsWith("WHERE FALSE");
        }
    }

    @Test
    void inqWithNullBindsOneArrayHoldingTheNull() {
        SqlStatement s = selectWhere(where("age").inq(Arrays.asList(1, null)));
        assertThat(s.sql()).endsWith("WHERE \"age\" = ANY($1)");
        assertThat(s.binds()).singleElement().isEqualTo(new Integer[] {1, null});
    }

    @Test
    void aJsonPathWithKeysLooksIntoArraysOfObjectsAndOnlyIndicesDoNot() {
        SqlStatement keys = selectWhere(where("doc.friends.name").eq("x"));
        assertThat(keys.sql()).contains("CASE WHEN jsonb_typeof(\"doc\") = 'array'")
                .contains("jsonb_array_elements").contains("ELSE (\"doc\" #>> $");
        assertThat(keys.binds()).allMatch(b -> b instanceof String[] || "x".equals(b));
        SqlStatement indices = selectWhere(where("doc[0][1]").eq("x"));
        assertThat(indices.sql()).endsWith("WHERE (\"doc\" #>> $1) = $2");
    }
}
