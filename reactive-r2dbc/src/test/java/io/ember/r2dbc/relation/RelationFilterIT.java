package io.ember.r2dbc.relation;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterParser;
import io.ember.core.filter.Inclusion;
import io.ember.core.filter.Where;
import io.ember.core.repository.Page;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.relation.Forum.FPost;
import io.ember.r2dbc.relation.Forum.FTag;
import io.ember.r2dbc.relation.Forum.FUser;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Relation filters through every repository call that takes a where, on {@link Forum}'s data: the
 * Java and JSON forms agree, {@code every} of nothing is true and a NULL condition fails it,
 * {@code is null} means "no live related row". Rows the write tests add have ids from 2000 on; the
 * read tests look at ids below 1000 only, so the tests do not depend on their order.
 */
@ExtendWith(EmberDatabaseExtension.class)
class RelationFilterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Where SEEDED = where("id").lt(1000L);

    private static EmberDatabase db;
    private static Forum forum;
    private static ForumEvaluator eval;
    private static DefaultCrudRepository<FUser, Long> users;
    private static DefaultCrudRepository<FPost, Long> posts;

    @BeforeAll
    static void seed(EmberDatabase database, PostgresDataSource ds) {
        db = database;
        forum = new Forum(7L);
        forum.create(db);
        eval = new ForumEvaluator(forum);
        users = new DefaultCrudRepository<>(FUser.class, ds);
        posts = new DefaultCrudRepository<>(FPost.class, ds);
    }

    private static List<Long> userIds(Where where) {
        return users.find(Filter.of(SEEDED.and(where))).map(FUser::id).collectList().block(TIMEOUT)
                .stream().sorted().toList();
    }

    @Test
    void javaAndJsonGiveTheSameWhereAndTheSameRows() {
        Map<String, Where> cases = Map.of(
                "{\"posts\":{\"some\":{\"published\":true}}}", where("posts").some(where("published").eq(true)),
                "{\"posts\":{\"every\":{\"comments\":{\"some\":{\"score\":{\"gte\":3}}}}}}",
                where("posts").every(where("comments").some(where("score").gte(3L))),
                "{\"profile\":{\"isNot\":null},\"or\":[{\"name\":\"ann\"},{\"posts\":{\"none\":{}}}]}",
                where("profile").isNot(null).and(where("name").eq("ann").or(where("posts").none(Where.allOf()))));
        cases.forEach((json, java) -> {
            Where parsed = FilterParser.parseWhere(json);
            assertThat(parsed).as(json).isEqualTo(java);
            List<Long> expected = eval.run(forum.users, java);
            assertThat(userIds(parsed)).as(json).isEqualTo(userIds(java)).isEqualTo(expected).isNotEmpty();
            assertThat(users.find(FilterParser.parse("{\"where\":" + json + "}")).map(FUser::id).collectList()
                    .block(TIMEOUT)).as(json).containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    @Test
    void everyIsTrueWithoutRelatedRowsAndARelatedRowWhoseConditionIsNullFailsIt() {
        List<Long> published = userIds(where("posts").every(where("published").eq(true)));
        List<Long> unpublished = userIds(where("posts").every(where("published").neq(true)));
        Set<Long> withoutPosts = forum.users.stream().filter(u -> u.deletedAt() == null)
                .filter(u -> forum.posts.stream().noneMatch(p -> u.id().equals(p.authorId()) && p.deletedAt() == null))
                .map(FUser::id).collect(Collectors.toSet());
        Set<Long> withANullPost = forum.users.stream().filter(u -> forum.posts.stream().anyMatch(p ->
                u.id().equals(p.authorId()) && p.deletedAt() == null && p.published() == null))
                .map(FUser::id).collect(Collectors.toSet());
        assertThat(withoutPosts).isNotEmpty();
        assertThat(withANullPost).isNotEmpty();
        assertThat(published).containsAll(withoutPosts).doesNotContainAnyElementsOf(withANullPost);
        assertThat(unpublished).containsAll(withoutPosts).doesNotContainAnyElementsOf(withANullPost);
    }

    @Test
    void isNullMeansNoLiveRelatedRowAndIsNotNullMeansOne() {
        Set<Long> liveUsers = forum.users.stream().filter(u -> u.deletedAt() == null).map(FUser::id)
                .collect(Collectors.toSet());
        List<Long> authorless = forum.posts.stream().filter(p -> p.deletedAt() == null)
                .filter(p -> p.authorId() == null || !liveUsers.contains(p.authorId())).map(FPost::id).sorted().toList();
        assertThat(authorless).isNotEmpty();
        assertThat(posts.find(FilterParser.parse("{\"where\":{\"author\":{\"is\":null}}}")).map(FPost::id)
                .collectList().block(TIMEOUT)).containsExactlyInAnyOrderElementsOf(authorless);
        assertThat(posts.count(SEEDED.and(where("author").isNot(null))).block(TIMEOUT))
                .isEqualTo(forum.posts.stream().filter(p -> p.deletedAt() == null).count() - authorless.size());
    }

    @Test
    void countExistsAndFindPageHonourRelationFilters() {
        Where where = where("posts").some(where("comments").some(where("body").eq("spam")));
        List<Long> expected = eval.run(forum.users, where);
        assertThat(expected).hasSizeGreaterThan(3);
        assertThat(users.count(SEEDED.and(where)).block(TIMEOUT)).isEqualTo(expected.size());
        assertThat(users.exists(SEEDED.and(where)).block(TIMEOUT)).isTrue();
        assertThat(users.exists(SEEDED.and(where("posts").some(where("title").eq("no such title")))).block(TIMEOUT))
                .isFalse();
        Page<FUser> page = users.findPage(Filter.of(SEEDED.and(where)).orderBy("id").skip(1).limit(2)).block(TIMEOUT);
        assertThat(page.data()).extracting(FUser::id).containsExactly(expected.get(1), expected.get(2));
        assertThat(page.range().total()).isEqualTo(expected.size());
    }

    @Test
    void updateAllAndDeleteAllHonourRelationFilters() {
        db.execute("INSERT INTO f_users (id, name) VALUES (2001, 'writer'), (2002, 'silent'), (2003, 'other')",
                "INSERT INTO f_posts (id, author_id, title) VALUES (2001, 2001, 'marker'), (2003, 2003, 'plain')");
        Where mine = where("id").gte(2000L);
        assertThat(users.updateAll(Patch.of("name", "changed"), mine.and(where("posts").some(where("title").eq("marker"))))
                .block(TIMEOUT)).isEqualTo(1L);
        assertThat(users.deleteAll(mine.and(where("posts").none(Where.allOf()))).block(TIMEOUT)).isEqualTo(1L);
        assertThat(users.find(Filter.of(mine).orderBy("id")).map(u -> u.id() + ":" + u.name()).collectList()
                .block(TIMEOUT)).containsExactly("2001:changed", "2003:other");
    }

    @Test
    void aRelationFilterWorksInsideAnIncludeScopeThroughAJunction() {
        DefaultCrudRepository<FPost, Long> repo = posts;
        Where tagged = where("posts").some(where("rank").eq(0)); // an Integer, as the evaluator compares it
        List<FPost> found = repo.find(Filter.of(where("id").lte(40L)).include(Inclusion.of("tags", Filter.of(tagged))))
                .collectList().block(TIMEOUT);
        assertThat(found).isNotEmpty();
        for (FPost post : found) {
            List<Long> expected = forum.links.stream()
                    .filter(l -> l.postId().equals(post.id()) && l.deletedAt() == null)
                    .map(l -> forum.tags.stream().filter(t -> t.id().equals(l.tagId())).findFirst().orElseThrow())
                    .filter(t -> Boolean.TRUE.equals(eval.test(t, tagged))).map(FTag::id).sorted().toList();
            assertThat(post.tags().stream().map(FTag::id).sorted().toList()).as("tags of post %d", post.id())
                    .isEqualTo(expected);
        }
        assertThat(found).anyMatch(p -> !p.tags().isEmpty());
        assertThat(found.stream().map(FPost::tags).filter(Objects::nonNull).count()).isEqualTo(found.size());
    }
}
