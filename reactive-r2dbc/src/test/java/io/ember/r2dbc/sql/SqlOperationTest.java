package io.ember.r2dbc.sql;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.RelationKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a statement does, as metrics and traces name it: known from the renderer, else the first keyword. */
class SqlOperationTest {

    @Model(table = "users", schema = "app")
    record User(@Id Long id, String name) {
    }

    @Model(table = "items")
    record Item(@Id Long id, String name) {
    }

    private final ModelMetadata<User> users = ModelMetadata.of(User.class);
    private final ModelSql<User> sql = new ModelSql<>(users);

    @Test
    void everyRenderedStatementNamesItsOperationAndTheModelsTable() {
        SqlOperation select = new SqlOperation("SELECT", "app.users");
        assertThat(sql.select(users.selectable(), where("name").eq("x"), List.of(), 10, 0).operation()).isEqualTo(select);
        assertThat(sql.count(null).operation()).isEqualTo(select);
        assertThat(sql.exists(where("id").eq(1L)).operation()).isEqualTo(select);
        assertThat(sql.insert(List.of(users.property("name")), List.of("x"), null).operation())
                .isEqualTo(new SqlOperation("INSERT", "app.users"));
        assertThat(sql.update(List.of(new Assignment.Set(users.property("name"), "y")), where("id").eq(1L), null)
                .operation()).isEqualTo(new SqlOperation("UPDATE", "app.users"));
        assertThat(sql.delete(where("id").eq(1L), null).operation()).isEqualTo(new SqlOperation("DELETE", "app.users"));
        assertThat(sql.copyFrom(List.of(users.property("name")), false).operation())
                .isEqualTo(new SqlOperation("COPY", "app.users"));
        assertThat(new ModelSql<>(ModelMetadata.of(Item.class)).count(null).operation())
                .isEqualTo(new SqlOperation("SELECT", "items"));
    }

    @Test
    void theOperationSurvivesNewBindValues() {
        SqlStatement template = sql.select(users.selectable(), where("id").eq(1L), List.of(), null, 0);
        SqlStatement bound = template.withBinds(List.of(2L));
        assertThat(bound.binds()).containsExactly(2L);
        assertThat(bound.sql()).isEqualTo(template.sql());
        assertThat(bound.operation()).isEqualTo(new SqlOperation("SELECT", "app.users"));
    }

    @Test
    void anotherStatementIsNamedByItsFirstKeywordWithoutACollection() {
        assertThat(SqlStatement.of("  create table x (id int)").operation()).isEqualTo(new SqlOperation("CREATE", null));
        assertThat(new SqlStatement("SELECT $1::text", List.of("v")).operation()).isEqualTo(new SqlOperation("SELECT", null));
        assertThat(SqlStatement.of("(SELECT 1)").operation().name()).isEqualTo("SELECT");
        assertThat(SqlStatement.of("").operation().name()).isEqualTo("UNKNOWN");
    }

    @Test
    void aRelationLoadIsASelectOnTheTargetTable() {
        SqlStatement load = RelationSql.load(relationKeys(), ModelMetadata.of(Owned.class).selectable(), null, List.of(), null, 0, new Long[] {1L});
        assertThat(load.operation()).isEqualTo(new SqlOperation("SELECT", "items"));
        assertThat(RelationSql.withKeys(load, new Long[] {2L}).operation()).isEqualTo(load.operation());
    }

    @Model(table = "owners")
    record Owner(@Id Long id, @io.ember.core.model.HasMany(foreignKey = "ownerId") List<Owned> items) {
    }

    @Model(table = "items")
    record Owned(@Id Long id, Long ownerId, String name) {
    }

    private static RelationKeys relationKeys() {
        ModelMetadata<Owner> owners = ModelMetadata.of(Owner.class);
        return RelationKeys.of(owners, owners.relation("items"));
    }
}
