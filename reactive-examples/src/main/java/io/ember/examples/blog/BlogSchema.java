package io.ember.examples.blog;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The blog's schema: the tables {@link SchemaGenerator} derives from the models, then the constraints it
 * leaves to the application (a unique email and tag name, foreign keys, indexes on the foreign keys).
 */
public final class BlogSchema {

    /** The statements after the tables, in order; each names its constraint, so errors can name it too. */
    public static final List<String> CONSTRAINTS = List.of(
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)",
            "ALTER TABLE tags ADD CONSTRAINT tags_name_key UNIQUE (name)",
            "ALTER TABLE posts ADD CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id)",
            "ALTER TABLE comments ADD CONSTRAINT comments_post_fk FOREIGN KEY (post_id) REFERENCES posts (id)",
            "ALTER TABLE comments ADD CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES users (id)",
            "ALTER TABLE post_tags ADD CONSTRAINT post_tags_post_fk FOREIGN KEY (post_id) REFERENCES posts (id)",
            "ALTER TABLE post_tags ADD CONSTRAINT post_tags_tag_fk FOREIGN KEY (tag_id) REFERENCES tags (id)",
            "CREATE INDEX posts_author_idx ON posts (author_id)",
            "CREATE INDEX comments_post_idx ON comments (post_id)",
            "CREATE INDEX post_tags_tag_idx ON post_tags (tag_id)");

    private static final String DROP = "DROP TABLE IF EXISTS post_tags, comments, tags, posts, users CASCADE";

    private BlogSchema() {
    }

    /**
     * Drops the blog's tables if they exist and creates them afresh, with their constraints. Cold.
     */
    public static Mono<Void> recreate(PostgresDataSource dataSource) {
        return run(dataSource, DROP)
                .then(SchemaGenerator.createTables(dataSource, User.class, Post.class, Comment.class, Tag.class,
                        PostTag.class))
                .thenMany(Flux.fromIterable(CONSTRAINTS).concatMap(sql -> run(dataSource, sql)))
                .then();
    }

    private static Mono<Void> run(PostgresDataSource dataSource, String sql) {
        return dataSource.withConnection(c -> dataSource.runner().update(c, SqlStatement.of(sql))).then();
    }
}
