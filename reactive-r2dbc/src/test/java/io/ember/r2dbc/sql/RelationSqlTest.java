package io.ember.r2dbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Order;
import io.ember.core.filter.Where;
import io.ember.core.model.BelongsTo;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.HasMany;
import io.ember.core.model.HasManyThrough;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.RelationKeys;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements that load relations, as text: one per relation, parent keys as one array parameter. */
class RelationSqlTest {

    @Model(table = "users")
    record User(@Id Long id, String name, @HasMany(foreignKey = "authorId") List<Post> posts) {
    }

    @Model(table = "posts")
    record Post(@Id Long id, Long authorId, String title, @DeletedAt Instant deletedAt, @BelongsTo User author,
                @HasManyThrough(through = PostTag.class, foreignKey = "postId", targetKey = "tagId") List<Tag> tags) {
    }

    @Model(table = "tags")
    record Tag(@Id Long id, String name) {
    }

    @Model(table = "post_tags")
    record PostTag(@Id Long id, Long postId, Long tagId) {
    }

    private static final Long[] KEYS = {1L, 2L};

    private static RelationKeys keys(Class<?> model, String relation) {
        ModelMetadata<?> m = ModelMetadata.of(model);
        return RelationKeys.of(m, m.relation(relation));
    }

    @Test
    void aHasManyIsOneStatementWithTheParentKeysAsOneArray() {
        SqlStatement s = RelationSql.load(keys(User.class, "posts"), ModelMetadata.of(Post.class).selectable(),
                Where.where("deletedAt").isNull(), List.of(Order.parse("title ASC")), null, 0, KEYS);
        assertThat(s.sql()).isEqualTo("SELECT \"id\", \"author_id\", \"title\", \"deleted_at\" FROM \"posts\""
                + " WHERE \"author_id\" = ANY($1) AND (\"deleted_at\" IS NULL) ORDER BY \"title\" ASC, \"id\" ASC");
        assertThat(s.binds()).containsExactly((Object) KEYS);
    }

    @Test
    void aPerParentLimitIsARowNumberPerParentKey() {
        SqlStatement s = RelationSql.load(keys(User.class, "posts"), ModelMetadata.of(Post.class).selectable(),
                null, List.of(Order.parse("title DESC")), 3, 1, KEYS);
        assertThat(s.sql()).isEqualTo("SELECT \"id\", \"author_id\", \"title\", \"deleted_at\" FROM"
                + " (SELECT \"id\", \"author_id\", \"title\", \"deleted_at\", row_number() OVER"
                + " (PARTITION BY \"author_id\" ORDER BY \"title\" DESC, \"id\" DESC) AS \"__ember_rn\" FROM \"posts\""
                + " WHERE \"author_id\" = ANY($1)) AS \"__ember_w\" WHERE \"__ember_rn\" > $2 AND \"__ember_rn\" <= $3"
                + " ORDER BY \"__ember_rn\"");
        assertThat(s.binds()).containsExactly(KEYS, 1L, 4L);
    }

    @Test
    void aBelongsToMatchesTheTargetKey() {
        SqlStatement s = RelationSql.load(keys(Post.class, "author"), ModelMetadata.of(User.class).selectable(),
                null, List.of(), null, 0, KEYS);
        assertThat(s.sql()).isEqualTo("SELECT \"id\", \"name\" FROM \"users\" WHERE \"id\" = ANY($1)");
    }

    @Test
    void throughAJunctionIsOneJoinAddingTheParentKey() {
        SqlStatement s = RelationSql.load(keys(Post.class, "tags"), ModelMetadata.of(Tag.class).selectable(),
                Where.where("name").neq("x"), List.of(Order.parse("name ASC")), null, 0, KEYS);
        assertThat(s.sql()).isEqualTo("SELECT \"id\", \"name\", \"__ember_parent\" FROM (SELECT t.*, j.\"post_id\""
                + " AS \"__ember_parent\" FROM \"tags\" AS t JOIN \"post_tags\" AS j ON j.\"tag_id\" = t.\"id\""
                + " WHERE j.\"post_id\" = ANY($1)) AS \"__ember_t\" WHERE \"name\" <> $2 ORDER BY \"name\" ASC, \"id\" ASC");
    }

    @Test
    void otherParentKeysReuseTheStatementText() {
        SqlStatement s = RelationSql.load(keys(User.class, "posts"), ModelMetadata.of(Post.class).selectable(),
                null, List.of(), 2, 0, KEYS);
        Long[] other = {7L};
        SqlStatement again = RelationSql.withKeys(s, other);
        assertThat(again.sql()).isEqualTo(s.sql());
        assertThat(again.binds()).containsExactly(other, 0L, 2L);
    }
}
