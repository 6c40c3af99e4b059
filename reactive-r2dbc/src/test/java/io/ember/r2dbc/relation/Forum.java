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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The models and seeded data of the relation-filter tests: users (soft-deleted some, with a hidden
 * secret) with at most one profile, posts (soft-deleted some; some without an author, some whose
 * author does not exist or is deleted) with comments, and tags through a junction whose deleted links
 * do not count. Every scalar is NULL now and then; many rows have no related rows at all. The rows are
 * kept in memory for {@link ForumEvaluator}.
 */
final class Forum {

    @Model(table = "f_users")
    record FUser(@Id(strategy = IdStrategy.CLIENT) Long id, @Nullable String name, @Nullable Integer age,
                 @Hidden @Nullable String secret, @DeletedAt @Nullable Instant deletedAt,
                 @HasMany(foreignKey = "authorId") List<FPost> posts,
                 @HasOne(foreignKey = "userId") FProfile profile) {
    }

    @Model(table = "f_profiles")
    record FProfile(@Id(strategy = IdStrategy.CLIENT) Long id, @Nullable Long userId, @Nullable String bio,
                    @BelongsTo FUser user) {
    }

    @Model(table = "f_posts")
    record FPost(@Id(strategy = IdStrategy.CLIENT) Long id, @Nullable Long authorId, @Nullable String title,
                 @Nullable Integer rank, @Nullable Boolean published, @DeletedAt @Nullable Instant deletedAt,
                 @BelongsTo FUser author,
                 @HasMany(foreignKey = "postId") List<FComment> comments,
                 @HasManyThrough(through = FPostTag.class, foreignKey = "postId", targetKey = "tagId") List<FTag> tags) {
    }

    @Model(table = "f_comments")
    record FComment(@Id(strategy = IdStrategy.CLIENT) Long id, @Nullable Long postId, @Nullable String body,
                    @Nullable Integer score, @BelongsTo FPost post) {
    }

    @Model(table = "f_tags")
    record FTag(@Id(strategy = IdStrategy.CLIENT) Long id, @Nullable String name,
                @HasManyThrough(through = FPostTag.class, foreignKey = "tagId", targetKey = "postId") List<FPost> posts) {
    }

    @Model(table = "f_post_tags")
    record FPostTag(@Id(strategy = IdStrategy.CLIENT) Long postId, @Id(strategy = IdStrategy.CLIENT) Long tagId,
                    @DeletedAt @Nullable Instant deletedAt) {
    }

    static final List<String> NAMES = List.of("ann", "bob", "cy", "dee");
    static final List<String> TEXTS = List.of("ok", "spam", "meh", "a-b");
    static final Instant DELETED = Instant.parse("2024-01-01T00:00:00Z");

    final List<FUser> users = new ArrayList<>();
    final List<FProfile> profiles = new ArrayList<>();
    final List<FPost> posts = new ArrayList<>();
    final List<FComment> comments = new ArrayList<>();
    final List<FTag> tags = new ArrayList<>();
    final List<FPostTag> links = new ArrayList<>();

    /** Data from a fixed seed: about 40 users, 100 posts, 150 comments, 8 tags and 150 links. */
    Forum(long seed) {
        Random r = new Random(seed);
        for (long id = 1; id <= 40; id++) {
            users.add(new FUser(id, maybe(r, NAMES), r.nextInt(8) == 0 ? null : r.nextInt(6), "pw" + id,
                    r.nextInt(8) == 0 ? DELETED : null, null, null));
            if (r.nextInt(3) > 0) {
                profiles.add(new FProfile(id, id, maybe(r, TEXTS), null));
            }
        }
        profiles.add(new FProfile(100L, null, "orphan", null));
        for (long id = 1; id <= 100; id++) {
            int who = r.nextInt(20);
            Long author = who == 0 ? null : who == 1 ? 999L : (long) (1 + r.nextInt(30)); // users 31..40 write nothing
            posts.add(new FPost(id, author, maybe(r, TEXTS), r.nextInt(7) == 0 ? null : r.nextInt(5),
                    r.nextInt(6) == 0 ? null : r.nextBoolean(), r.nextInt(8) == 0 ? DELETED : null, null, null, null));
        }
        for (long id = 1; id <= 150; id++) {
            long post = 1 + r.nextInt(70); // posts 71..100 have no comments
            comments.add(new FComment(id, r.nextInt(30) == 0 ? null : post, maybe(r, TEXTS),
                    r.nextInt(6) == 0 ? null : r.nextInt(5), null));
        }
        for (long id = 1; id <= 8; id++) {
            tags.add(new FTag(id, id == 8 ? null : NAMES.get((int) id % NAMES.size()) + (id % 3), null));
        }
        for (long post = 1; post <= 80; post++) { // posts 81..100 have no tags
            for (long tag = 1; tag <= 7; tag++) { // tag 8 is on no post
                if (r.nextInt(4) == 0) {
                    links.add(new FPostTag(post, tag, r.nextInt(6) == 0 ? DELETED : null));
                }
            }
        }
    }

    private static @Nullable String maybe(Random r, List<String> values) {
        return r.nextInt(6) == 0 ? null : values.get(r.nextInt(values.size()));
    }

    /** Creates the tables in the test class's schema and inserts the rows (literals from the fixed data above). */
    void create(EmberDatabase db) {
        db.execute(
                "CREATE TABLE f_users (id bigint PRIMARY KEY, name text, age int, secret text, deleted_at timestamptz)",
                "CREATE TABLE f_profiles (id bigint PRIMARY KEY, user_id bigint, bio text)",
                "CREATE TABLE f_posts (id bigint PRIMARY KEY, author_id bigint, title text, rank int, published boolean,"
                        + " deleted_at timestamptz)",
                "CREATE TABLE f_comments (id bigint PRIMARY KEY, post_id bigint, body text, score int)",
                "CREATE TABLE f_tags (id bigint PRIMARY KEY, name text)",
                "CREATE TABLE f_post_tags (post_id bigint, tag_id bigint, deleted_at timestamptz,"
                        + " PRIMARY KEY (post_id, tag_id))",
                insert("f_users", users, u -> Arrays.asList(u.id(), u.name(), u.age(), u.secret(), u.deletedAt())),
                insert("f_profiles", profiles, p -> Arrays.asList(p.id(), p.userId(), p.bio())),
                insert("f_posts", posts, p -> Arrays.asList(p.id(), p.authorId(), p.title(), p.rank(), p.published(),
                        p.deletedAt())),
                insert("f_comments", comments, c -> Arrays.asList(c.id(), c.postId(), c.body(), c.score())),
                insert("f_tags", tags, t -> Arrays.asList(t.id(), t.name())),
                insert("f_post_tags", links, l -> Arrays.asList(l.postId(), l.tagId(), l.deletedAt())));
    }

    private static <T> String insert(String table, List<T> rows, Function<T, List<@Nullable Object>> values) {
        StringJoiner all = new StringJoiner(", ", "INSERT INTO " + table + " VALUES ", "");
        for (T row : rows) {
            StringJoiner one = new StringJoiner(", ", "(", ")");
            for (Object v : values.apply(row)) {
                one.add(v == null ? "NULL" : v instanceof String || v instanceof Instant ? "'" + v + "'" : v.toString());
            }
            all.add(one.toString());
        }
        return all.toString();
    }
}
