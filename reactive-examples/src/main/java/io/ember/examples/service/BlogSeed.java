package io.ember.examples.service;

import io.ember.examples.blog.BlogSchema;
import io.ember.examples.blog.Comment;
import io.ember.examples.blog.CommentRepository;
import io.ember.examples.blog.Post;
import io.ember.examples.blog.PostRepository;
import io.ember.examples.blog.PostTag;
import io.ember.examples.blog.PostTagRepository;
import io.ember.examples.blog.Tag;
import io.ember.examples.blog.TagRepository;
import io.ember.examples.blog.User;
import io.ember.examples.blog.UserRepository;
import io.ember.r2dbc.datasource.PostgresDataSource;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The service's schema step: the blog's tables afresh, then a small blog the README's curl examples
 * start from (ids in this order): users Ada (1) and Bob (2); posts "Hello, Ember" (1, Ada's, published),
 * "Reactive all the way" (2, Ada's draft) and "Notes on PostgreSQL" (3, Bob's draft); comments on post 1
 * by Bob (1) and Ada (2); tags java (1) and postgres (2).
 */
public final class BlogSeed {

    private BlogSeed() {
    }

    /** Recreates the tables and writes the blog. Cold. */
    public static Mono<Void> recreate(PostgresDataSource ds) {
        UserRepository users = new UserRepository(ds);
        PostRepository posts = new PostRepository(ds);
        CommentRepository comments = new CommentRepository(ds);
        TagRepository tags = new TagRepository(ds);
        PostTagRepository postTags = new PostTagRepository(ds);
        return BlogSchema.recreate(ds)
                .thenMany(users.createAll(List.of(User.of("Ada", "ada@example.com", "hash-of-ada"),
                        User.of("Bob", "bob@example.com", "hash-of-bob"))))
                .thenMany(posts.createAll(List.of(Post.draft(1, "Hello, Ember", "The first post."),
                        Post.draft(1, "Reactive all the way", "From the socket to the database."),
                        Post.draft(2, "Notes on PostgreSQL", "Arrays, jsonb and EXISTS."))))
                .then(posts.publish(1))
                .thenMany(comments.createAll(List.of(new Comment(null, 1L, 2L, "Nice!", null, null, null),
                        new Comment(null, 1L, 1L, "Thanks, Bob.", null, null, null))))
                .thenMany(tags.createAll(List.of(new Tag(null, "java", null), new Tag(null, "postgres", null))))
                .thenMany(postTags.createAll(List.of(new PostTag(1L, 1L), new PostTag(1L, 2L), new PostTag(3L, 2L))))
                .then();
    }
}
