package io.ember.examples.blog;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.ForeignKeyViolationException;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.Inclusion;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** The blog models work end to end: schema, writes, includes through the junction, publish, constraints. */
@ExtendWith(EmberDatabaseExtension.class)
class BlogModelsIT {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static UserRepository users;
    private static PostRepository posts;
    private static CommentRepository comments;
    private static TagRepository tags;
    private static PostTagRepository links;

    @BeforeAll
    static void schema(PostgresDataSource ds) {
        BlogSchema.recreate(ds).block(LIMIT);
        users = new UserRepository(ds);
        posts = new PostRepository(ds);
        comments = new CommentRepository(ds);
        tags = new TagRepository(ds);
        links = new PostTagRepository(ds);
    }

    @Test
    void aPostIsReadWithItsAuthorCommentsAndTagsAndThePasswordHashStaysHidden() {
        User ada = users.create(User.of("Ada", "ada-1@example.com", "hash-1")).block(LIMIT);
        assertThat(ada.passwordHash()).isNull();
        Post post = posts.create(Post.draft(ada.id(), "Engines", "notes")).block(LIMIT);
        comments.createAll(List.of(Comment.of(post.id(), ada.id(), "first"), Comment.of(post.id(), ada.id(), "second")))
                .blockLast(LIMIT);
        Tag math = tags.create(Tag.of("math-1")).block(LIMIT);
        links.tag(post.id(), math.id()).block(LIMIT);
        links.tag(post.id(), math.id()).block(LIMIT);   // an upsert: stored once

        StepVerifier.create(posts.findById(post.id(), Filter.empty().include("author", "tags")
                        .include(Inclusion.of("comments", Filter.empty().orderBy("id").limit(1)))))
                .assertNext(found -> {
                    assertThat(found.author().name()).isEqualTo("Ada");
                    assertThat(found.author().passwordHash()).isNull();
                    assertThat(found.tags()).extracting(Tag::name).containsExactly("math-1");
                    assertThat(found.comments()).extracting(Comment::body).containsExactly("first");
                })
                .verifyComplete();
        StepVerifier.create(links.count(where("postId").eq(post.id()))).expectNext(1L).verifyComplete();
    }

    @Test
    void publishingSetsThePostPublishedAndBumpsTheAuthorsCounterOnce() {
        User bob = users.create(User.of("Bob", "bob-2@example.com", "hash-2")).block(LIMIT);
        Post draft = posts.create(Post.draft(bob.id(), "Draft", null)).block(LIMIT);
        StepVerifier.create(posts.publish(draft.id()))
                .assertNext(p -> assertThat(p.published()).isTrue())
                .verifyComplete();
        StepVerifier.create(posts.publish(draft.id())).verifyComplete();   // already published: nothing
        StepVerifier.create(users.findById(bob.id())).assertNext(u -> assertThat(u.postCount()).isEqualTo(1))
                .verifyComplete();
    }

    @Test
    void aDeletedPostIsHiddenFromReadsButKeptInTheTable(EmberDatabase db) {
        User cy = users.create(User.of("Cy", "cy-3@example.com", "hash-3")).block(LIMIT);
        Post post = posts.create(Post.draft(cy.id(), "Gone soon", null)).block(LIMIT);
        posts.deleteById(post.id()).block(LIMIT);
        StepVerifier.create(posts.findById(post.id())).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM posts WHERE id = " + post.id() + " AND deleted_at IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void theSchemaRefusesADuplicateEmailAndAPostOfNoUser() {
        users.create(User.of("Dee", "dee-4@example.com", "hash-4")).block(LIMIT);
        StepVerifier.create(users.create(User.of("Dee again", "dee-4@example.com", "hash")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UniqueViolationException.class)
                        .extracting(x -> ((UniqueViolationException) x).constraint()).isEqualTo("users_email_key"))
                .verify();
        StepVerifier.create(posts.create(Post.draft(-1, "Orphan", null)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ForeignKeyViolationException.class)
                        .extracting(x -> ((ForeignKeyViolationException) x).constraint()).isEqualTo("posts_author_id_fkey"))
                .verify();
    }
}
