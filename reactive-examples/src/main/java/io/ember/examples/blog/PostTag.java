package io.ember.examples.blog;

import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Index;
import io.ember.core.model.Model;

/** The junction of posts and tags: its primary key is {@code (post_id, tag_id)}, no surrogate id. */
@Model(table = "post_tags")
public record PostTag(@Id(strategy = IdStrategy.CLIENT) Long postId, @Id(strategy = IdStrategy.CLIENT) @Index Long tagId) {
}
