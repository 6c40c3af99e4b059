package io.ember.examples.blog;

import io.ember.core.application.Application;
import io.ember.core.application.SchemaStep;
import io.ember.r2dbc.datasource.PostgresDataSource;

/** The blog as an {@link Application}: one datasource and the repositories of its five models. */
public final class BlogApplication {

    private BlogApplication() {
    }

    /**
     * An application named {@code blog}, not started, with the datasource registered under
     * {@code dataSourceName} and the schema step the caller chooses, and the repositories of users,
     * posts, comments, tags and post_tags.
     */
    public static Application create(String dataSourceName, PostgresDataSource dataSource,
                                     SchemaStep<? super PostgresDataSource> schema) {
        return Application.builder("blog")
                .dataSource(dataSourceName, dataSource, schema)
                .repository(UserRepository.class)
                .repository(PostRepository.class)
                .repository(CommentRepository.class)
                .repository(TagRepository.class)
                .repository(PostTagRepository.class)
                .build();
    }
}
