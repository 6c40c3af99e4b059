package io.ember.r2dbc.relation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.QueryStringParser;
import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.relation.Blog.Post;
import io.ember.r2dbc.relation.Blog.User;
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
 * Hostile include input from a query string, validated with {@link FilterPolicy#external()}: each is
 * an {@link InvalidFilterException} naming its path, and no statement reaches the database.
 */
@ExtendWith(EmberDatabaseExtension.class)
class HostileIncludeIT {

    private static final AtomicInteger STATEMENTS = new AtomicInteger();
    private static DefaultCrudRepository<User, Long> users;

    @BeforeAll
    static void seed(EmberDatabase db) {
        Blog.seed(db, 20);
        PostgresDataSource ds = db.newDataSource(b -> b.queryListener(e -> STATEMENTS.incrementAndGet()));
        users = new DefaultCrudRepository<>(User.class, ds);
    }

    /** What an HTTP handler does: parse, validate for outside input, run; the error it gets. */
    private static InvalidFilterException refused(String filterJson) {
        int before = STATEMENTS.get();
        String query = "filter=" + URLEncoder.encode(filterJson, StandardCharsets.UTF_8);
        InvalidFilterException e = catchThrowableOfType(InvalidFilterException.class, () -> {
            Filter filter = QueryStringParser.parse(query, ModelMetadata.of(User.class), FilterPolicy.external());
            users.find(filter).collectList().block(Duration.ofSeconds(30));
        });
        assertThat(e).as("refused: %s", filterJson).isNotNull();
        assertThat(STATEMENTS.get()).as("statements sent").isEqualTo(before);
        return e;
    }

    @Test
    void anUnknownRelationIsRefusedAtItsPath() {
        assertThat(refused("{\"include\":[\"posts\",\"secrets\"]}").path()).isEqualTo("include[1].relation");
        assertThat(refused("{\"include\":[{\"relation\":\"posts\",\"scope\":{\"include\":[\"author\",\"nope\"]}}]}")
                .path()).isEqualTo("include[0].scope.include[1].relation");
    }

    @Test
    void theBracketFormIsCheckedTheSameWay() {
        InvalidFilterException e = catchThrowableOfType(InvalidFilterException.class, () ->
                QueryStringParser.parse("filter[include][0][relation]=posts&filter[include][1][relation]=x",
                        ModelMetadata.of(User.class), FilterPolicy.external()));
        assertThat(e.path()).isEqualTo("include[1].relation");
    }

    @Test
    void includesFiftyLevelsDeepAreRefused() {
        String deep = "\"posts\"";
        for (int i = 0; i < 50; i++) {
            deep = "{\"relation\":\"" + (i % 2 == 0 ? "author" : "posts") + "\",\"scope\":{\"include\":[" + deep + "]}}";
        }
        InvalidFilterException e = refused("{\"include\":[" + deep + "]}");
        assertThat(e.path()).startsWith("include[0].scope.include[0].scope.include[0]");
        InvalidFilterException four = refused("{\"include\":[{\"relation\":\"posts\",\"scope\":{\"include\":[{\"relation\":"
                + "\"author\",\"scope\":{\"include\":[{\"relation\":\"posts\",\"scope\":{\"include\":[\"comments\"]}}]}}]}}]}");
        assertThat(four.path()).isEqualTo("include[0].scope.include[0].scope.include[0].scope.include");
        assertThat(four.getMessage()).contains("maximum of 3");
    }

    @Test
    void hiddenPropertiesInAScopeAreRefusedAsUnknown() {
        String scope = "{\"include\":[{\"relation\":\"posts\",\"scope\":{\"include\":[{\"relation\":\"author\","
                + "\"scope\":%s}]}}]}";
        assertThat(refused(scope.formatted("{\"fields\":[\"name\",\"secret\"]}")).path())
                .isEqualTo("include[0].scope.include[0].scope.fields.secret");
        assertThat(refused(scope.formatted("{\"where\":{\"secret\":\"pw-1\"}}")).path())
                .startsWith("include[0].scope.include[0].scope.where.secret");
        assertThat(refused(scope.formatted("{\"order\":[\"secret ASC\"]}")).path())
                .isEqualTo("include[0].scope.include[0].scope.order[0]");
    }

    @Test
    void tenThousandInclusionsAreRefused() {
        StringBuilder many = new StringBuilder("{\"include\":[");
        for (int i = 0; i < 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("\"posts\"");
        }
        InvalidFilterException e = refused(many.append("]}").toString());
        assertThat(e.path()).isEqualTo("include");
        InvalidFilterException twice = refused("{\"include\":[\"posts\",\"posts\"]}");
        assertThat(twice.path()).isEqualTo("include[1].relation");
    }

    @Test
    void aScopeLimitAboveTheCapIsRefused() {
        assertThat(refused("{\"include\":[{\"relation\":\"posts\",\"scope\":{\"limit\":100000}}]}").path())
                .isEqualTo("include[0].scope.limit");
    }

    @Test
    void malformedInclusionsAreRefusedAtTheirPath() {
        assertThat(refused("{\"include\":[{\"relation\":42}]}").path()).isEqualTo("include[0].relation");
        assertThat(refused("{\"include\":[{\"relation\":\"posts\",\"scope\":{\"where\":{\"rank\":\"high\"}}}]}").path())
                .startsWith("include[0].scope.where.rank");
        assertThat(refused("{\"include\":[{\"relation\":\"posts\",\"sneaky\":1}]}").path()).isEqualTo("include[0].sneaky");
        assertThat(refused("{\"include\":[{\"relation\":\"posts\",\"scope\":{\"fields\":[\"id); DROP TABLE users;--\"]}}]}")
                .path()).startsWith("include[0].scope.fields");
    }

    @Test
    void aValidIncludeFromOutsideRuns() {
        Filter filter = QueryStringParser.parse("filter=" + URLEncoder.encode(
                "{\"where\":{\"id\":{\"lte\":5}},\"include\":[{\"relation\":\"posts\",\"scope\":{\"include\":[\"author\"]}}]}",
                StandardCharsets.UTF_8), ModelMetadata.of(User.class), FilterPolicy.external());
        assertThat(users.find(filter).collectList().block(Duration.ofSeconds(30)))
                .hasSize(5).allSatisfy(u -> assertThat(u.posts()).allSatisfy(p -> assertThat(p.author().id()).isEqualTo(u.id())));
        assertThat(ModelMetadata.of(Post.class).relation("tags")).isNotNull();
    }
}
