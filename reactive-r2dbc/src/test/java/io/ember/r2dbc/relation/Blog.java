package io.ember.r2dbc.relation;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.HasMany;
import io.ember.core.model.HasManyThrough;
import io.ember.core.model.HasOne;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;
import io.ember.r2dbc.testing.EmberDatabase;
import java.time.Instant;
import java.util.List;

/**
 * The blog models of the relation tests and their seed: users 1..{@code users}, each with
 * {@code 1 + id % 4} posts of rank 1.. (rank 1 soft-deleted for every tenth user), a post of rank
 * {@code k} with {@code k % 3} comments, ten tags on posts through {@code post_tags}.
 */
final class Blog {

    private Blog() {
    }

    @Model(table = "users")
    record User(@Id Long id, String name, String email, @Hidden String secret,
                @HasMany(foreignKey = "authorId") List<Post> posts,
                @HasOne(foreignKey = "userId") Profile profile) {
    }

    @Model(table = "profiles")
    record Profile(@Id Long id, Long userId, String bio, @BelongsTo User user) {
    }

    @Model(table = "posts")
    record Post(@Id Long id, Long authorId, String title, int rank, @DeletedAt Instant deletedAt,
                @BelongsTo User author,
                @HasMany(foreignKey = "postId") List<Comment> comments,
                @HasManyThrough(through = PostTag.class, foreignKey = "postId", targetKey = "tagId") List<Tag> tags) {
    }

    @Model(table = "comments")
    record Comment(@Id Long id, Long postId, String body, @BelongsTo Post post) {
    }

    @Model(table = "tags")
    record Tag(@Id Long id, String name,
               @HasManyThrough(through = PostTag.class, foreignKey = "tagId", targetKey = "postId") List<Post> posts) {
    }

    /** The junction, keyed by its two foreign keys (no surrogate id). */
    @Model(table = "post_tags")
    record PostTag(@Id(strategy = IdStrategy.CLIENT) Long postId, @Id(strategy = IdStrategy.CLIENT) Long tagId) {
    }

    /** Live posts of a user (rank 1 of every tenth user is soft-deleted). */
    static int livePosts(long user) {
        return (int) (1 + user % 4) - (user % 10 == 0 ? 1 : 0);
    }

    /** Creates the tables and seeds them. */
    static void seed(EmberDatabase db, int users) {
        seed(db, users, true);
    }

    /** Creates the tables and seeds them; without tags, the junction stays empty. */
    static void seed(EmberDatabase db, int users, boolean tags) {
        db.execute(
                "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text, email text,"
                        + " secret text)",
                "CREATE TABLE profiles (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint, bio text)",
                "CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id bigint, title text,"
                        + " rank int NOT NULL, deleted_at timestamptz)",
                "CREATE INDEX ON posts (author_id)",
                "CREATE TABLE comments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, post_id bigint, body text)",
                "CREATE INDEX ON comments (post_id)",
                "CREATE TABLE tags (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text)",
                "CREATE TABLE post_tags (post_id bigint, tag_id bigint, PRIMARY KEY (post_id, tag_id))",
                "CREATE INDEX ON post_tags (tag_id)",
                "INSERT INTO users (name, email, secret) SELECT 'user-' || g, 'u' || g || '@x.io', 'pw-' || g"
                        + " FROM generate_series(1, " + users + ") g ORDER BY g",
                "INSERT INTO profiles (user_id, bio) SELECT id, 'bio of ' || id FROM users WHERE id % 2 = 0 ORDER BY id",
                "INSERT INTO posts (author_id, title, rank, deleted_at) SELECT u.id, 'post-' || u.id || '-' || k, k,"
                        + " CASE WHEN u.id % 10 = 0 AND k = 1 THEN now() END"
                        + " FROM users u, generate_series(1, 4) k WHERE k <= 1 + u.id % 4 ORDER BY u.id, k",
                "INSERT INTO comments (post_id, body) SELECT p.id, 'comment-' || p.id || '-' || c"
                        + " FROM posts p, generate_series(1, 2) c WHERE c <= p.rank % 3 ORDER BY p.id, c",
                tags ? "INSERT INTO tags (name) SELECT 'tag-' || g FROM generate_series(1, 10) g ORDER BY g" : "SELECT 1",
                "INSERT INTO post_tags (post_id, tag_id) SELECT p.id, t.id FROM posts p, tags t"
                        + " WHERE (p.id + t.id) % 4 = 0 OR (p.id * t.id) % 7 = 0 ORDER BY p.id, t.id");
    }
}
