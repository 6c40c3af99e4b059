package io.ember.examples.blog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/**
 * The blog models' generated DDL, applied to an empty schema, yields the catalog the models describe: read
 * back from {@code pg_catalog}, every column (type, nullability, default, identity), every constraint
 * (primary, unique, check, foreign key with its delete rule) and every index.
 */
@ExtendWith(EmberDatabaseExtension.class)
class BlogSchemaIT {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static PostgresDataSource dataSource;

    @BeforeAll
    static void schema(PostgresDataSource ds) {
        dataSource = ds;
        BlogSchema.recreate(ds).block(LIMIT);
    }

    private static List<String> rows(String sql) {
        return dataSource.withConnection(c -> Flux.from(c.createStatement(sql).execute())
                        .concatMap(r -> r.map((row, meta) -> row.get(0, String.class))))
                .collectList().block(LIMIT);
    }

    @Test
    void everyColumnHasTheTypeNullabilityAndDefaultTheModelsSay() {
        assertThat(rows("SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END"
                + " || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity' ELSE '' END"
                + " || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum")).containsExactly(
                "comments.id bigint not null identity always",
                "comments.post_id bigint not null",
                "comments.author_id bigint not null",
                "comments.body text not null",
                "comments.created_at timestamp with time zone null default now()",
                "post_tags.post_id bigint not null",
                "post_tags.tag_id bigint not null",
                "posts.id bigint not null identity always",
                "posts.author_id bigint not null",
                "posts.title text not null",
                "posts.body text null",
                "posts.published boolean not null default false",
                "posts.published_at timestamp with time zone null",
                "posts.created_at timestamp with time zone null default now()",
                "posts.modified_at timestamp with time zone null",
                "posts.deleted_at timestamp with time zone null",
                "tags.id bigint not null identity always",
                "tags.name text not null",
                "users.id bigint not null identity always",
                "users.name text not null",
                "users.email text not null",
                "users.password_hash text null",
                "users.post_count integer not null default 0",
                "users.created_at timestamp with time zone null default now()",
                "users.modified_at timestamp with time zone null",
                "users.version bigint not null default 0");
    }

    @Test
    void everyPrimaryUniqueCheckAndForeignKeyConstraintIsThere() {
        assertThat(rows("SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)"
                + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
                + " WHERE k.connamespace = current_schema()::regnamespace AND k.contype IN ('p', 'u', 'c', 'f')"
                + " ORDER BY 1")).containsExactly(
                "comments comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES users(id)",
                "comments comments_pkey PRIMARY KEY (id)",
                "comments comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts(id) ON DELETE CASCADE",
                "post_tags post_tags_pkey PRIMARY KEY (post_id, tag_id)",
                "post_tags post_tags_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts(id) ON DELETE CASCADE",
                "post_tags post_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE",
                "posts posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES users(id) ON DELETE CASCADE",
                "posts posts_pkey PRIMARY KEY (id)",
                "posts posts_published_at_check CHECK ((published OR (published_at IS NULL)))",
                "tags tags_name_key UNIQUE (name)",
                "tags tags_pkey PRIMARY KEY (id)",
                "users users_email_key UNIQUE (email)",
                "users users_name_check CHECK ((length(name) > 0))",
                "users users_pkey PRIMARY KEY (id)",
                "users users_post_count_check CHECK ((post_count >= 0))");
    }

    @Test
    void everyIndexIsThereWithItsMethodColumnsAndPredicate() {
        assertThat(rows("SELECT replace(indexdef, current_schema() || '.', '') FROM pg_indexes"
                + " WHERE schemaname = current_schema() ORDER BY indexname")).containsExactly(
                "CREATE UNIQUE INDEX comments_pkey ON comments USING btree (id)",
                "CREATE INDEX comments_post_id_idx ON comments USING btree (post_id)",
                "CREATE UNIQUE INDEX post_tags_pkey ON post_tags USING btree (post_id, tag_id)",
                "CREATE INDEX post_tags_tag_id_idx ON post_tags USING btree (tag_id)",
                "CREATE INDEX posts_author_id_idx ON posts USING btree (author_id)",
                "CREATE UNIQUE INDEX posts_pkey ON posts USING btree (id)",
                "CREATE INDEX posts_published_idx ON posts USING btree (published_at)"
                        + " WHERE (published AND (deleted_at IS NULL))",
                "CREATE UNIQUE INDEX tags_name_key ON tags USING btree (name)",
                "CREATE UNIQUE INDEX tags_pkey ON tags USING btree (id)",
                "CREATE UNIQUE INDEX users_email_key ON users USING btree (email)",
                "CREATE UNIQUE INDEX users_pkey ON users USING btree (id)");
    }

    @Test
    void defaultsFillRowsWrittenOutsideEmberAndDeletingAUserRemovesItsPosts(EmberDatabase db) {
        db.execute("INSERT INTO users (name, email) VALUES ('Zed', 'zed@schema.it')",
                "INSERT INTO posts (author_id, title) SELECT id, 'hello' FROM users WHERE email = 'zed@schema.it'");
        assertThat(db.queryLong("SELECT post_count + version FROM users WHERE email = 'zed@schema.it'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE email = 'zed@schema.it' AND created_at IS NOT NULL"))
                .isOne();
        db.execute("DELETE FROM users WHERE email = 'zed@schema.it'");
        assertThat(db.queryLong("SELECT count(*) FROM posts WHERE title = 'hello'")).isZero();
    }
}
