package io.ember.examples.blog;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;

/** The tags of the blog. */
public final class TagRepository extends DefaultCrudRepository<Tag, Long> {

    /** A repository of tags stored in that datasource. */
    public TagRepository(PostgresDataSource dataSource) {
        super(Tag.class, dataSource);
    }
}
