package io.ember.r2dbc.filter;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import java.util.List;

/** The {@code PostWithBoolean} model of loopback-connector-postgresql's test/postgresql.test.js, as far as its filter cases use it. */
@Model(table = "lb_posts")
record LbPost(@Id Long id, String title, String content, List<String> categories) {

    static LbPost of(String title, String content, List<String> categories) {
        return new LbPost(null, title, content, categories);
    }
}
