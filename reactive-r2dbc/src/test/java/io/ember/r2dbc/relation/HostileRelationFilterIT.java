package io.ember.r2dbc.relation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.QueryStringParser;
import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.relation.Forum.FUser;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Must-show 8 of issue 10 for relation filters: hostile input from a query string, validated with
 * {@link FilterPolicy#external()}, is an {@link InvalidFilterException} naming its path, and no
 * statement reaches the database.
 */
@ExtendWith(EmberDatabaseExtension.class)
class HostileRelationFilterIT {

    private static final AtomicInteger STATEMENTS = new AtomicInteger();
    private static DefaultCrudRepository<FUser, Long> users;

    @BeforeAll
    static void seed(EmberDatabase db) {
        new Forum(1L).create(db);
        PostgresDataSource ds = db.newDataSource(b -> b.queryListener(e -> STATEMENTS.incrementAndGet()));
        users = new DefaultCrudRepository<>(FUser.class, ds);
    }

    private static InvalidFilterException refused(String filterJson) {
        return refused("filter=" + URLEncoder.encode(filterJson, StandardCharsets.UTF_8), filterJson);
    }

    private static InvalidFilterException refused(String query, String what) {
        int before = STATEMENTS.get();
        InvalidFilterException e = catchThrowableOfType(InvalidFilterException.class, () -> {
            Filter filter = QueryStringParser.parse(query, ModelMetadata.of(FUser.class), FilterPolicy.external());
            users.find(filter).collectList().block(Duration.ofSeconds(30));
        });
        assertThat(e).as("refused: %s", what).isNotNull();
        assertThat(STATEMENTS.get()).as("statements sent").isEqualTo(before);
        return e;
    }

    @Test
    void aQuantifierOfTheWrongKindIsRefusedAtItsPath() {
        InvalidFilterException every = refused("{\"where\":{\"profile\":{\"every\":{\"bio\":\"x\"}}}}");
        assertThat(every.path()).isEqualTo("where.profile.every");
        assertThat(every.getMessage()).contains("to-one").contains("is or isNot");
        assertThat(refused("{\"where\":{\"posts\":{\"some\":{\"author\":{\"none\":{}}}}}}").path())
                .isEqualTo("where.posts.some.author.none");
        assertThat(refused("{\"where\":{\"posts\":{\"is\":{}}}}").path()).isEqualTo("where.posts.is");
        assertThat(refused("filter[where][profile][every][bio]=x", "brackets").path()).isEqualTo("where.profile.every");
    }

    @Test
    void aHiddenPropertyInsideARelationFilterIsReportedAsUnknown() {
        InvalidFilterException e = refused("{\"where\":{\"posts\":{\"some\":{\"author\":{\"is\":{\"secret\":\"pw1\"}}}}}}");
        assertThat(e.path()).isEqualTo("where.posts.some.author.is.secret");
        assertThat(e.getMessage()).contains("unknown property");
        assertThat(refused("{\"where\":{\"posts\":{\"some\":{\"author\":{\"is\":{\"nope\":1}}}}}}").getMessage())
                .contains("unknown property");
    }

    @Test
    void anUnknownRelationOrAQuantifierOnAPropertyIsRefused() {
        InvalidFilterException unknown = refused("{\"where\":{\"posts\":{\"some\":{\"likes\":{\"some\":{}}}}}}");
        assertThat(unknown.path()).isEqualTo("where.posts.some.likes");
        assertThat(unknown.getMessage()).contains("unknown relation 'likes'").contains("known: author, comments, tags");
        assertThat(refused("{\"where\":{\"name\":{\"some\":{}}}}").path()).isEqualTo("where.name.some");
        assertThat(refused("{\"where\":{\"posts\":{\"some\":null}}}").path()).isEqualTo("where.posts.some");
        assertThat(refused("{\"where\":{\"posts\":{\"some\":[1]}}}").path()).isEqualTo("where.posts.some");
    }

    @Test
    void relationFiltersFiftyLevelsDeepAreRefusedByThePolicysDepth() {
        String deep = "{\"name\":\"ann\"}";
        for (int i = 0; i < 50; i++) {
            deep = i % 2 == 0 ? "{\"author\":{\"is\":" + deep + "}}" : "{\"posts\":{\"some\":" + deep + "}}";
        }
        InvalidFilterException e = refused("{\"where\":" + deep + "}");
        assertThat(e.path()).startsWith("where.posts.some.author.is.posts.some");
        assertThat(e.getMessage()).contains("deeper than the maximum of 8");
    }
}
