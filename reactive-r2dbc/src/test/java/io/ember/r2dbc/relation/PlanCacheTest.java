package io.ember.r2dbc.relation;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Inclusion;
import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.relation.Blog.User;
import io.ember.r2dbc.sql.Selection;
import org.junit.jupiter.api.Test;

/** Include plans are reused for a shape asked again, never for scopes that carry values. */
class PlanCacheTest {

    private static final ModelMetadata<User> USER = ModelMetadata.of(User.class);

    private static Inclusions<User> plan(Filter filter) {
        return Inclusions.plan(USER, Selection.columns(USER, filter.fields(), ""), filter.include());
    }

    @Test
    void theSameIncludeShapeAskedAgainReusesItsPlan() {
        Filter first = Filter.empty().include(Inclusion.of("posts", Filter.empty().orderBy("rank DESC").limit(3)
                .include("comments")));
        Filter again = Filter.empty().include(Inclusion.of("posts", Filter.empty().orderBy("rank DESC").limit(3)
                .include("comments")));
        assertThat(plan(again)).isSameAs(plan(first));
    }

    @Test
    void anotherSelectionOrScopeGetsItsOwnPlan() {
        Inclusions<User> posts = plan(Filter.empty().include("posts"));
        assertThat(plan(Filter.empty().include("profile"))).isNotSameAs(posts);
        assertThat(plan(Filter.empty().fields("name").include("posts"))).isNotSameAs(posts);
        assertThat(plan(Filter.empty().include(Inclusion.of("posts", Filter.empty().limit(2))))).isNotSameAs(posts);
    }

    @Test
    void aScopeWithAWhereIsPlannedOnEveryCall() {
        Filter filter = Filter.empty().include(Inclusion.of("posts", Filter.of(where("rank").gt(1))));
        assertThat(plan(filter)).isNotSameAs(plan(filter));
        Filter nested = Filter.empty().include(Inclusion.of("posts", Filter.empty()
                .include(Inclusion.of("comments", Filter.of(where("body").like("a%"))))));
        assertThat(plan(nested)).isNotSameAs(plan(nested));
    }
}
