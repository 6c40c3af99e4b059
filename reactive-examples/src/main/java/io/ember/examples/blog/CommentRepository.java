package io.ember.examples.blog;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;

/** The comments of the blog. */
public final class CommentRepository extends DefaultCrudRepository<Comment, Long> {

    /** A repository of comments stored in that datasource. */
    public CommentRepository(PostgresDataSource dataSource) {
        super(Comment.class, dataSource);
    }
}
