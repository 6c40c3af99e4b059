package io.ember.examples.blog;

import io.ember.core.repository.Patch;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.transaction.ReactiveTransactions;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** The posts of the blog (soft-deleted), with the "publish" transaction. */
public final class PostRepository extends DefaultCrudRepository<Post, Long> {

    private final UserRepository users;

    /** A repository of posts stored in that datasource. */
    public PostRepository(PostgresDataSource dataSource) {
        super(Post.class, dataSource);
        this.users = new UserRepository(dataSource);
    }

    /**
     * Publishes a draft and bumps its author's {@code postCount} by one (an atomic increment), in one
     * transaction: both writes or neither. Emits the published post; completes empty when there is no
     * such post or it is already published. Cold.
     */
    public Mono<Post> publish(long postId) {
        ReactiveTransactions tx = dataSource().transactions();
        return tx.transactional(findById(postId)
                .filter(post -> !post.published())
                .flatMap(post -> updateById(postId, Patch.of("published", true).set("publishedAt", Instant.now())))
                .flatMap(post -> users.updateById(Objects.requireNonNull(post.authorId()), Patch.ofIncrement("postCount", 1))
                        .thenReturn(post)));
    }
}
