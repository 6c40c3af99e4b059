package io.ember.r2dbc.sql;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Where;
import io.ember.core.model.BelongsTo;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.HasMany;
import io.ember.core.model.HasManyThrough;
import io.ember.core.model.HasOne;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL of relation filters, asserted as text without a database: correlated EXISTS, values bound. */
class RelationFilterSqlTest {

    @Model(table = "users", schema = "app")
    record User(@Id Long id, String name, @Hidden String secret,
                @HasMany(foreignKey = "authorId") List<Post> posts,
                @HasOne(foreignKey = "userId") Profile profile) {
    }

    @Model(table = "profiles", schema = "app")
    record Profile(@Id Long id, Long userId, String bio) {
    }

    @Model(table = "posts", schema = "app")
    record Post(@Id Long id, Long authorId, String title, @DeletedAt Instant deletedAt,
                @BelongsTo User author,
                @HasMany(foreignKey = "postId") List<Comment> comments,
                @HasManyThrough(through = PostTag.class, foreignKey = "postId", targetKey = "tagId") List<Tag> tags) {
    }

    @Model(table = "comments", schema = "app")
    record Comment(@Id Long id, Long postId, String body) {
    }

    @Model(table = "tags", schema = "app")
    record Tag(@Id Long id, String name) {
    }

    @Model(table = "post_tags", schema = "app")
    record PostTag(@Id(strategy = IdStrategy.CLIENT) Long postId, @Id(strategy = IdStrategy.CLIENT) Long tagId,
                   @DeletedAt Instant deletedAt) {
    }

    private static final String POSTS = "FROM \"app\".\"posts\" AS \"ember_rel1\" WHERE \"ember_rel1\".\"author_id\""
            + " = \"app\".\"users\".\"id\" AND \"ember_rel1\".\"deleted_at\" IS NULL";

    private static SqlStatement users(Where where) {
        return new ModelSql<>(ModelMetadata.of(User.class)).count(where);
    }

    @Test
    void someIsACorrelatedExistsWithTheTargetsSoftDeleteAndBoundValues() {
        SqlStatement s = users(where("posts").some(where("title").eq("hello")));
        assertThat(s.sql()).isEqualTo("SELECT count(*) FROM \"app\".\"users\" WHERE EXISTS (SELECT 1 " + POSTS
                + " AND (\"ember_rel1\".\"title\" = $1))");
        assertThat(s.binds()).containsExactly("hello");
    }

    @Test
    void noneIsNotExistsAndEveryIsNotExistsOfARowWhoseConditionIsNotTrue() {
        assertThat(users(where("posts").none(where("title").like("a%"))).sql()).isEqualTo(
                "SELECT count(*) FROM \"app\".\"users\" WHERE NOT EXISTS (SELECT 1 " + POSTS
                        + " AND (\"ember_rel1\".\"title\" LIKE $1))");
        assertThat(users(where("posts").every(where("title").like("a%"))).sql()).isEqualTo(
                "SELECT count(*) FROM \"app\".\"users\" WHERE NOT EXISTS (SELECT 1 " + POSTS
                        + " AND (\"ember_rel1\".\"title\" LIKE $1) IS NOT TRUE)");
    }

    @Test
    void emptyConditionsNeedNoWhereInsideAndEveryOfNothingIsTrue() {
        assertThat(users(where("posts").some(Where.allOf())).sql())
                .isEqualTo("SELECT count(*) FROM \"app\".\"users\" WHERE EXISTS (SELECT 1 " + POSTS + ")");
        assertThat(users(where("posts").every(Where.allOf())).sql())
                .isEqualTo("SELECT count(*) FROM \"app\".\"users\" WHERE TRUE");
    }

    @Test
    void isNullMeansNoRelatedRowAndIsNotNullMeansOne() {
        String profile = "(SELECT 1 FROM \"app\".\"profiles\" AS \"ember_rel1\" WHERE \"ember_rel1\".\"user_id\""
                + " = \"app\".\"users\".\"id\")";
        assertThat(users(where("profile").is(null)).sql())
                .isEqualTo("SELECT count(*) FROM \"app\".\"users\" WHERE NOT EXISTS " + profile);
        assertThat(users(where("profile").isNot(null)).sql())
                .isEqualTo("SELECT count(*) FROM \"app\".\"users\" WHERE EXISTS " + profile);
    }

    @Test
    void belongsToCorrelatesTheTargetsKeyWithTheParentsForeignKey() {
        SqlStatement s = new ModelSql<>(ModelMetadata.of(Post.class)).count(where("author").isNot(where("name").eq("ann")));
        assertThat(s.sql()).isEqualTo("SELECT count(*) FROM \"app\".\"posts\" WHERE NOT EXISTS (SELECT 1 FROM"
                + " \"app\".\"users\" AS \"ember_rel1\" WHERE \"ember_rel1\".\"id\" = \"app\".\"posts\".\"author_id\""
                + " AND (\"ember_rel1\".\"name\" = $1))");
        assertThat(s.binds()).containsExactly("ann");
    }

    @Test
    void throughJoinsTheJunctionAndHidesItsDeletedLinks() {
        SqlStatement s = new ModelSql<>(ModelMetadata.of(Post.class)).count(where("tags").some(where("name").inq("a", "b")));
        assertThat(s.sql()).isEqualTo("SELECT count(*) FROM \"app\".\"posts\" WHERE EXISTS (SELECT 1 FROM"
                + " \"app\".\"post_tags\" AS \"ember_link1\" JOIN \"app\".\"tags\" AS \"ember_rel1\""
                + " ON \"ember_rel1\".\"id\" = \"ember_link1\".\"tag_id\" WHERE \"ember_link1\".\"post_id\""
                + " = \"app\".\"posts\".\"id\" AND \"ember_link1\".\"deleted_at\" IS NULL"
                + " AND (\"ember_rel1\".\"name\" = ANY($1)))");
        assertThat(s.binds()).hasSize(1);
    }

    @Test
    void nestedRelationsCorrelateWithTheEnclosingAliasAndCombineWithOr() {
        SqlStatement s = users(where("name").eq("ann").or(where("posts").some(
                where("comments").none(where("body").eq("spam")).and(where("title").neq("x")))));
        assertThat(s.sql()).isEqualTo("SELECT count(*) FROM \"app\".\"users\" WHERE (\"name\" = $1 OR EXISTS (SELECT 1 "
                + POSTS + " AND ((NOT EXISTS (SELECT 1 FROM \"app\".\"comments\" AS \"ember_rel2\""
                + " WHERE \"ember_rel2\".\"post_id\" = \"ember_rel1\".\"id\" AND (\"ember_rel2\".\"body\" = $2))"
                + " AND \"ember_rel1\".\"title\" <> $3))))");
        assertThat(s.binds()).containsExactly("ann", "spam", "x");
    }

    @Test
    void aHiddenPropertyInsideARelationFilterKeepsItsValuesOutOfLogs() {
        SqlStatement s = new ModelSql<>(ModelMetadata.of(Post.class)).count(where("author").is(where("secret").eq("s3")));
        assertThat(s.binds()).containsExactly("s3");
        assertThat(s.loggableBinds()).doesNotContain("s3");
    }
}
