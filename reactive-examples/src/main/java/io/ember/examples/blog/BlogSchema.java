package io.ember.examples.blog;

import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The blog's schema, all of it from the models' annotations ({@link SchemaGenerator#script}): tables,
 * a unique email and tag name, checks, defaults, foreign keys from {@code @BelongsTo} and the
 * {@code post_tags} junction, indexes on the foreign keys and a partial index on published posts.
 */
public final class BlogSchema {

    /** The blog's models, in the order they are registered. */
    public static final List<Class<?>> MODELS = List.of(User.class, Post.class, Comment.class, Tag.class, PostTag.class);

    private static final String DROP = "DROP TABLE IF EXISTS post_tags, comments, tags, posts, users CASCADE";

    private BlogSchema() {
    }

    /** The DDL the models describe, in the order it runs. */
    public static List<String> script() {
        return SchemaGenerator.script(MODELS.stream().<ModelMetadata<?>>map(ModelMetadata::of).toList());
    }

    /**
     * Drops the blog's tables if they exist and creates them afresh from the models, in one transaction. Cold.
     */
    public static Mono<Void> recreate(PostgresDataSource dataSource) {
        return dataSource.withConnection(c -> dataSource.runner().update(c, SqlStatement.of(DROP)))
                .then(SchemaGenerator.create(dataSource, MODELS.toArray(Class<?>[]::new)));
    }
}
