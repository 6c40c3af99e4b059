package io.ember.examples.blog;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.Column;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.HasMany;
import io.ember.core.model.HasManyThrough;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.ModifiedAt;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A blog post, soft-deleted ({@code deleted_at}: reads skip deleted posts, deletes set the time). A draft
 * until published ({@code published}, {@code publishedAt}).
 *
 * @param author   the writer; {@code null} unless included
 * @param comments the comments; {@code null} unless included
 * @param tags     the tags, through {@code post_tags}; {@code null} unless included
 */
@Model(table = "posts")
public record Post(
        @Id @Nullable Long id,
        @Column(nullable = false) Long authorId,
        @Column(nullable = false) String title,
        @Nullable String body,
        boolean published,
        @Nullable Instant publishedAt,
        @CreatedAt @Nullable Instant createdAt,
        @ModifiedAt @Nullable Instant modifiedAt,
        @DeletedAt @Nullable Instant deletedAt,
        @BelongsTo @Nullable User author,
        @HasMany(foreignKey = "postId") @Nullable List<Comment> comments,
        @HasManyThrough(through = PostTag.class, foreignKey = "postId", targetKey = "tagId") @Nullable List<Tag> tags) {

    /** A new draft of an author, not stored yet. */
    public static Post draft(long authorId, String title, @Nullable String body) {
        return new Post(null, authorId, title, body, false, null, null, null, null, null, null, null);
    }
}
