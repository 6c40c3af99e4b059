package io.ember.examples.blog;

import io.ember.core.model.Column;
import io.ember.core.model.HasManyThrough;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.Unique;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tag (unique name), on posts through {@code post_tags}.
 *
 * @param posts the tagged posts; {@code null} unless included
 */
@Model(table = "tags")
public record Tag(
        @Id @Nullable Long id,
        @Column(nullable = false) @Unique String name,
        @HasManyThrough(through = PostTag.class, foreignKey = "tagId", targetKey = "postId") @Nullable List<Post> posts) {

    /** A new tag, not stored yet. */
    public static Tag of(String name) {
        return new Tag(null, name, null);
    }
}
