package io.ember.r2dbc.relation;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterParser;
import io.ember.core.filter.Inclusion;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.relation.Blog.Comment;
import io.ember.r2dbc.relation.Blog.Post;
import io.ember.r2dbc.relation.Blog.Tag;
import io.ember.r2dbc.relation.Blog.User;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Include: what comes back, and how many statements it takes. */
@ExtendWith(EmberDatabaseExtension.class)
class IncludeIT {

    private static final int USERS = 2000;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();
    private static EmberDatabase db;
    private static DefaultCrudRepository<User, Long> users;
    private static DefaultCrudRepository<Post, Long> posts;
    private static DefaultCrudRepository<Tag, Long> tags;

    @BeforeAll
    static void seed(EmberDatabase database) {
        db = database;
        Blog.seed(db, USERS);
        PostgresDataSource ds = db.newDataSource(b -> b.queryListener(e -> STATEMENTS.add(e.sql())));
        users = new DefaultCrudRepository<>(User.class, ds);
        posts = new DefaultCrudRepository<>(Post.class, ds);
        tags = new DefaultCrudRepository<>(Tag.class, ds);
    }

    @BeforeEach
    void reset() {
        STATEMENTS.clear();
    }

    private static List<User> usersUpTo(int n, Filter filter) {
        List<User> found = users.find(filter.withWhere(where("id").lte((long) n)).orderBy("id ASC"))
                .collectList().block(LIMIT);
        assertThat(found).hasSize(n);
        return found;
    }

    @Test
    void usersPostsCommentsTakeThreeStatementsWhateverTheNumberOfUsers() {
        Filter filter = Filter.empty().include(Inclusion.of("posts", Filter.empty().include("comments")));
        for (int n : new int[] {1, 10, 100, 2000}) {
            STATEMENTS.clear();
            List<User> found = usersUpTo(n, filter);
            assertThat(STATEMENTS).as("statements for %d users", n).hasSize(3);
            for (User u : found) {
                assertThat(u.posts()).as("posts of user %d", u.id()).hasSize(Blog.livePosts(u.id()));
                for (Post p : u.posts()) {
                    assertThat(p.authorId()).isEqualTo(u.id());
                    assertThat(p.comments()).as("comments of %s", p.title()).hasSize(p.rank() % 3);
                    assertThat(p.comments()).allSatisfy(c -> assertThat(c.postId()).isEqualTo(p.id()));
                    assertThat(p.author()).as("not included").isNull();
                    assertThat(p.tags()).as("not included").isNull();
                }
                assertThat(u.profile()).as("not included").isNull();
            }
        }
    }

    @Test
    void aBelongsToBackToTheAuthorAddsOneStatement() {
        Filter filter = Filter.empty().include(Inclusion.of("posts", Filter.empty().include("comments", "author")));
        for (int n : new int[] {1, 100, 2000}) {
            STATEMENTS.clear();
            List<User> found = usersUpTo(n, filter);
            assertThat(STATEMENTS).as("statements for %d users", n).hasSize(4);
            for (User u : found) {
                assertThat(u.posts()).allSatisfy(p -> {
                    assertThat(p.author().id()).isEqualTo(u.id());
                    assertThat(p.author().name()).isEqualTo("user-" + u.id());
                });
            }
        }
    }

    @Test
    void throughAJunctionIsOneStatementPerLevel() {
        Filter filter = Filter.empty().include(Inclusion.of("posts",
                Filter.empty().include(Inclusion.of("tags", Filter.empty().include("posts")))));
        List<User> found = usersUpTo(300, filter);
        assertThat(STATEMENTS).hasSize(4);
        Map<Long, List<Long>> expected = tagsOfPosts();
        int tagged = 0;
        for (User u : found) {
            for (Post p : u.posts()) {
                assertThat(p.tags()).extracting(Tag::id).containsExactlyInAnyOrderElementsOf(
                        expected.getOrDefault(p.id(), List.of()));
                tagged += p.tags().size();
                for (Tag t : p.tags()) {
                    assertThat(t.posts()).extracting(Post::id).contains(p.id());
                }
            }
        }
        assertThat(tagged).isGreaterThan(300);
    }

    @Test
    void perParentLimitReturnsAtMostThreePostsForEachUserInTheScopeOrder() {
        Filter filter = Filter.empty().include(Inclusion.of("posts", Filter.empty().orderBy("rank DESC").limit(3)));
        List<User> found = usersUpTo(200, filter);
        assertThat(STATEMENTS).hasSize(2);
        int withThree = 0;
        for (User u : found) {
            List<Integer> expected = descending(liveRanks(u.id())).stream().limit(3).toList();
            assertThat(u.posts()).extracting(Post::rank).as("user %d", u.id()).containsExactlyElementsOf(expected);
            withThree += u.posts().size() == 3 ? 1 : 0;
        }
        assertThat(withThree).as("users whose posts were cut to 3").isGreaterThan(50);
    }

    @Test
    void perParentSkipSkipsTheFirstRowsOfEachUser() {
        Filter filter = Filter.empty().include(Inclusion.of("posts", Filter.empty().orderBy("rank ASC").skip(1).limit(2)));
        List<User> found = usersUpTo(200, filter);
        for (User u : found) {
            List<Integer> expected = liveRanks(u.id()).stream().skip(1).limit(2).toList();
            assertThat(u.posts()).extracting(Post::rank).as("user %d", u.id()).containsExactlyElementsOf(expected);
        }
        Filter skipOnly = Filter.empty().include(Inclusion.of("posts", Filter.empty().orderBy("rank DESC").skip(2)));
        for (User u : usersUpTo(100, skipOnly)) {
            List<Integer> expected = descending(liveRanks(u.id())).stream().skip(2).toList();
            assertThat(u.posts()).extracting(Post::rank).as("user %d", u.id()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void throughBothWaysWithWhereOrderAndPerParentLimit() {
        Filter postsToTags = Filter.of(where("id").lte(400L)).orderBy("id ASC").include(Inclusion.of("tags",
                Filter.of(where("name").neq("tag-3")).orderBy("name DESC").limit(2)));
        List<Post> found = posts.find(postsToTags).collectList().block(LIMIT);
        assertThat(STATEMENTS).hasSize(2);
        Map<Long, List<Long>> expected = tagsOfPosts();
        for (Post p : found) {
            List<String> names = expected.getOrDefault(p.id(), List.of()).stream().filter(t -> t != 3)
                    .map(t -> "tag-" + t).sorted((a, b) -> b.compareTo(a)).limit(2).toList();
            assertThat(p.tags()).extracting(Tag::name).as("post %d", p.id()).containsExactlyElementsOf(names);
        }

        Filter tagsToPosts = Filter.empty().orderBy("id ASC").include(Inclusion.of("posts",
                Filter.of(where("rank").gte(2)).orderBy("id DESC").limit(5)));
        List<Tag> all = tags.find(tagsToPosts).collectList().block(LIMIT);
        assertThat(all).hasSize(10);
        Map<Long, List<Long>> postsOfTags = postsOfTagsWithRankAtLeastTwo();
        for (Tag t : all) {
            List<Long> ids = postsOfTags.get(t.id()).stream().sorted((a, b) -> Long.compare(b, a)).limit(5).toList();
            assertThat(t.posts()).extracting(Post::id).as("tag %d", t.id()).containsExactlyElementsOf(ids);
            assertThat(t.posts()).allSatisfy(p -> assertThat(p.rank()).isGreaterThanOrEqualTo(2));
        }
    }

    @Test
    void inclusionWorksWhenFieldsOmitTheKeysAndTheKeysAreStripped() {
        Filter filter = Filter.empty().fields("name").include(Inclusion.of("posts",
                Filter.empty().fields("title").orderBy("rank ASC").include(Inclusion.of("comments",
                        Filter.empty().fields("body")))));
        List<User> found = users.find(filter.withWhere(where("id").lte(50L)).orderBy("name ASC")).collectList().block(LIMIT);
        assertThat(found).hasSize(50);
        for (User u : found) {
            assertThat(u.id()).as("the id is always read").isNotNull();
            assertThat(u.email()).isNull();
            long id = Long.parseLong(u.name().substring("user-".length()));
            assertThat(u.posts()).hasSize(Blog.livePosts(id));
            for (Post p : u.posts()) {
                assertThat(p.title()).startsWith("post-" + id + "-");
                assertThat(p.id()).as("the id is always read").isNotNull();
                assertThat(p.authorId()).as("stripped").isNull();
                int rank = Integer.parseInt(p.title().substring(p.title().lastIndexOf('-') + 1));
                assertThat(p.comments()).hasSize(rank % 3);
                assertThat(p.comments()).allSatisfy(c -> {
                    assertThat(c.body()).startsWith("comment-");
                    assertThat(c.id()).isNotNull();
                    assertThat(c.postId()).as("stripped").isNull();
                });
            }
        }
    }

    @Test
    void softDeletedRowsStayOutOfIncludesUnlessTheInclusionSkipsTheDefaultFilter() {
        Filter live = Filter.empty().include("posts");
        User ten = usersUpTo(10, live).get(9);
        assertThat(ten.posts()).extracting(Post::rank).containsExactlyInAnyOrder(2, 3);
        Filter all = FilterParser.parse("{\"include\":[{\"relation\":\"posts\",\"skipDefaultFilter\":true}]}");
        User tenAll = usersUpTo(10, all).get(9);
        assertThat(tenAll.posts()).extracting(Post::rank).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void hiddenPropertiesAreNotReadInsideIncludes() {
        Post post = posts.findById(1L, Filter.empty().include("author")).block(LIMIT);
        assertThat(post.author().name()).isEqualTo("user-1");
        assertThat(post.author().secret()).isNull();
    }

    @Test
    void toOneRelationsAreNullWhenThereIsNoRowAndToManyAreEmptyLists() {
        db.execute("INSERT INTO users (name) VALUES ('lonely')");
        User lonely = users.findOne(Filter.of(where("name").eq("lonely")).include("posts", "profile")).block(LIMIT);
        assertThat(lonely.posts()).isEmpty();
        assertThat(lonely.profile()).isNull();
        List<User> some = usersUpTo(4, Filter.empty().include("profile"));
        assertThat(some).extracting(u -> u.profile() == null ? null : u.profile().bio())
                .containsExactly(null, "bio of 2", null, "bio of 4");
        db.execute("DELETE FROM users WHERE name = 'lonely'");
    }

    @Test
    void includeFromJsonEqualsIncludeFromJava() {
        Filter json = FilterParser.parse("{\"where\":{\"id\":{\"lte\":20}},\"order\":[\"id ASC\"],\"include\":"
                + "[{\"relation\":\"posts\",\"scope\":{\"order\":[\"rank DESC\"],\"limit\":1,\"include\":[\"comments\"]}}]}");
        Filter java = Filter.of(where("id").lte(20)).orderBy("id ASC").include(Inclusion.of("posts",
                Filter.empty().orderBy("rank DESC").limit(1).include("comments")));
        List<User> a = users.find(json).collectList().block(LIMIT);
        List<User> b = users.find(java).collectList().block(LIMIT);
        assertThat(a).hasSize(20).isEqualTo(b);
        assertThat(a).allSatisfy(u -> assertThat(u.posts()).hasSize(Math.min(1, Blog.livePosts(u.id()))));
    }

    @Test
    void parentsStreamInChunksInTheirOrderAndOneStatementPerRelationPerChunk() {
        Flux<User> found = users.find(Filter.of(where("id").lte(2000L)).orderBy("id DESC").include("posts"),
                Options.defaults().fetchSize(300));
        StepVerifier.create(found, 10)
                .expectNextMatches(u -> u.id() == 2000 && u.posts().size() == Blog.livePosts(2000))
                .expectNextCount(9)
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(1990)
                .verifyComplete();
        List<Long> ids = users.find(Filter.of(where("id").lte(2000L)).orderBy("id DESC").include("posts"),
                Options.defaults().fetchSize(300)).map(User::id).collectList().block(LIMIT);
        List<Long> expected = new ArrayList<>();
        for (long i = 2000; i >= 1; i--) {
            expected.add(i);
        }
        assertThat(ids).containsExactlyElementsOf(expected);
        long childStatements = STATEMENTS.stream().filter(s -> s.contains("ANY(")).count();
        assertThat(childStatements).as("7 chunks of 300 parents, twice").isEqualTo(14);
    }

    @Test
    void aPageIncludesRelationsAndCountsOnlyTheParents() {
        var page = users.findPage(Filter.of(where("id").lte(30L)).orderBy("id ASC").skip(10).limit(5)
                .include(Inclusion.of("posts", Filter.empty().orderBy("rank DESC").limit(1)))).block(LIMIT);
        assertThat(page.range().total()).isEqualTo(30);
        assertThat(page.data()).extracting(User::id).containsExactly(11L, 12L, 13L, 14L, 15L);
        assertThat(page.data()).allSatisfy(u -> assertThat(u.posts()).extracting(Post::rank)
                .containsExactly(1 + (int) (u.id() % 4)));
    }

    record Broken(@io.ember.core.model.Id Long id,
                  @io.ember.core.model.HasMany(target = Comment.class, foreignKey = "authorId") List<Comment> comments) {
    }

    @Test
    void aRepositoryOfAModelWithABrokenRelationIsRefusedWhenCreated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DefaultCrudRepository<>(Broken.class, db.dataSource()))
                .isInstanceOf(io.ember.core.model.ModelDefinitionException.class)
                .hasMessageContaining("Broken").hasMessageContaining("relation 'comments'")
                .hasMessageContaining("foreignKey 'authorId' is not a property of Comment");
    }

    private static List<Integer> liveRanks(long user) {
        List<Integer> ranks = new ArrayList<>();
        for (int k = 1; k <= 1 + user % 4; k++) {
            if (!(user % 10 == 0 && k == 1)) {
                ranks.add(k);
            }
        }
        return ranks;
    }

    private static List<Integer> descending(List<Integer> ranks) {
        List<Integer> out = new ArrayList<>(ranks);
        java.util.Collections.reverse(out);
        return out;
    }

    private static Map<Long, List<Long>> tagsOfPosts() {
        return pairs("SELECT post_id, tag_id FROM post_tags");
    }

    private static Map<Long, List<Long>> postsOfTagsWithRankAtLeastTwo() {
        return pairs("SELECT pt.tag_id, pt.post_id FROM post_tags pt JOIN posts p ON p.id = pt.post_id"
                + " WHERE p.rank >= 2 AND p.deleted_at IS NULL");
    }

    private static Map<Long, List<Long>> pairs(String sql) {
        Map<Long, List<Long>> out = new HashMap<>();
        db.dataSource().withConnection(c -> Flux.from(c.createStatement(sql).execute())
                        .concatMap(r -> r.map((row, meta) -> new long[] {row.get(0, Long.class), row.get(1, Long.class)})))
                .doOnNext(p -> out.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]))
                .then().block(LIMIT);
        return out;
    }

    @Test
    void keysetPagesCarryTheirInclusionsAndMatchFind() {
        Filter filter = Filter.of(where("id").lte(25L)).orderBy("name", "id").limit(10)
                .include(Inclusion.of("posts", Filter.empty().orderBy("id").include("comments")));
        List<User> expected = users.find(filter.limit(null)).collectList().block(LIMIT);
        List<User> walked = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            STATEMENTS.clear();
            var page = users.findKeysetPage(next == null ? filter : filter.after(next)).block(LIMIT);
            assertThat(STATEMENTS).as("statements of page %d", pages).hasSize(3);
            walked.addAll(page.rows());
            next = page.next();
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo(3);
        assertThat(walked).isEqualTo(expected);
        assertThat(walked).allSatisfy(u -> assertThat(u.posts()).hasSize(Blog.livePosts(u.id())));
    }
}
