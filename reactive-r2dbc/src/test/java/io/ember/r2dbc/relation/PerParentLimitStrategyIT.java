package io.ember.r2dbc.relation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Order;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.RelationKeys;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.relation.Blog.Post;
import io.ember.r2dbc.relation.Blog.User;
import io.ember.r2dbc.sql.RelationSql;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * The two ways to apply a per-parent limit, on the same data: Ember's {@code row_number()} window
 * and a {@code LATERAL} subquery per key. Both must return the same rows; their times are logged.
 * CI size: 2,000 users x 20 posts; {@code -Dember.relations.users=20000} for a bigger run by hand.
 */
@ExtendWith(EmberDatabaseExtension.class)
class PerParentLimitStrategyIT {

    private static final Logger LOG = LoggerFactory.getLogger(PerParentLimitStrategyIT.class);
    private static final int USERS = Integer.getInteger("ember.relations.users", 2000);
    private static final int ROUNDS = Integer.getInteger("ember.relations.rounds", 20);
    /** The index on posts: the foreign key with the order ({@code author_id, rank}), {@code author_id}, or none. */
    private static final String INDEX = System.getProperty("ember.relations.index", "author_id, rank");

    private static PostgresDataSource ds;

    @BeforeAll
    static void seed(EmberDatabase db) {
        ds = db.dataSource();
        db.execute("CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id bigint,"
                        + " title text, rank int NOT NULL, deleted_at timestamptz)",
                "INSERT INTO posts (author_id, title, rank) SELECT u, 'p' || u || '-' || k, (k * 7919) % 20"
                        + " FROM generate_series(1, " + USERS + ") u, generate_series(1, 20) k",
                INDEX.equals("none") ? "SELECT 1" : "CREATE INDEX ON posts (" + INDEX + ")",
                "ANALYZE posts");
    }

    @Test
    void windowAndLateralReturnTheSameRowsAndTheWindowIsKept() {
        ModelMetadata<User> user = ModelMetadata.of(User.class);
        RelationKeys keys = RelationKeys.of(user, user.relation("posts"));
        ModelMetadata<Post> post = ModelMetadata.of(Post.class);
        Long[] parents = new Long[Math.min(1000, USERS)];
        for (int i = 0; i < parents.length; i++) {
            parents[i] = (long) (i * (USERS / parents.length) + 1);
        }
        SqlStatement window = RelationSql.load(keys, post.selectable(), Where.where("deletedAt").isNull(),
                List.of(Order.parse("rank DESC"), Order.parse("id ASC")), 3, 0, parents);
        SqlStatement lateral = new SqlStatement("SELECT s.* FROM unnest($1::int8[]) AS k(v) CROSS JOIN LATERAL"
                + " (SELECT \"id\", \"author_id\", \"title\", \"rank\", \"deleted_at\" FROM \"posts\""
                + " WHERE \"author_id\" = k.v AND \"deleted_at\" IS NULL ORDER BY \"rank\" DESC, \"id\" ASC LIMIT 3) s",
                List.of((Object) parents));
        List<String> a = rows(window);
        List<String> b = rows(lateral);
        assertThat(a).hasSize(parents.length * 3);
        assertThat(a).containsExactlyInAnyOrderElementsOf(b);
        long windowNanos = time(window);
        long lateralNanos = time(lateral);
        LOG.info("Per-parent limit 3 over {} parents of {} users x 20 posts, index ({}), {} rounds: window {} ms,"
                + " lateral {} ms", parents.length, USERS, INDEX, ROUNDS, windowNanos / 1_000_000, lateralNanos / 1_000_000);
    }

    private static List<String> rows(SqlStatement statement) {
        return ds.withConnection(c -> ds.runner().query(c, statement, 0,
                        (row, meta) -> row.get("author_id", Long.class) + ":" + row.get("id", Long.class)))
                .collectList().block(Duration.ofSeconds(60));
    }

    private static long time(SqlStatement statement) {
        rows(statement);
        long start = System.nanoTime();
        Flux.range(0, ROUNDS).concatMap(i -> ds.withConnection(c -> ds.runner().query(c, statement, 0,
                (row, meta) -> 1))).then().block(Duration.ofMinutes(5));
        return System.nanoTime() - start;
    }
}
