package io.ember.examples.blog;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import java.util.List;
import reactor.core.publisher.Mono;

/** The links between posts and tags; the id is the composite key {@code List.of(postId, tagId)}. */
public final class PostTagRepository extends DefaultCrudRepository<PostTag, List<Long>> {

    /** A repository of post-tag links stored in that datasource. */
    public PostTagRepository(PostgresDataSource dataSource) {
        super(PostTag.class, dataSource);
    }

    /** Tags a post: stores the link once (an upsert on the key), emits it. Cold. */
    public Mono<PostTag> tag(long postId, long tagId) {
        return upsert(new PostTag(postId, tagId));
    }
}
