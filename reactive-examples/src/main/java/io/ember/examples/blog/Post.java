package io.ember.examples.blog;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.Check;
import io.ember.core.model.Column;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.Default;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.HasMany;
import io.ember.core.model.HasManyThrough;
import io.ember.core.model.Id;
import io.ember.core.model.Index;
import io.ember.core.model.Model;
import io.ember.core.model.ModifiedAt;
import io.ember.core.model.OnDelete;
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
@Index(value = "publishedAt", name = "posts_published_idx", where = "published AND deleted_at IS NULL")
@Check(value = "published OR published_at IS NULL", name = "posts_published_at_check")
public record Post(
        @Id @Nullable Long id,
        @Column(nullable = false) @Index Long authorId,
        @Column(nullable = false) String title,
        @Nullable String body,
        @Default("false") boolean published,
        @Nullable Instant publishedAt,
        @CreatedAt @Default("now()") @Nullable Instant createdAt,
        @ModifiedAt @Nullable Instant modifiedAt,
        @DeletedAt @Nullable Instant deletedAt,
        @BelongsTo(onDelete = OnDelete.CASCADE) @Nullable User author,
        @HasMany(foreignKey = "postId") @Nullable List<Comment> comments,
        @HasManyThrough(through = PostTag.class, foreignKey = "postId", targetKey = "tagId") @Nullable List<Tag> tags) {

    /** A new draft of an author, not stored yet. */
    public static Post draft(long authorId, String title, @Nullable String body) {
        return new Post(null, authorId, title, body, false, null, null, null, null, null, null, null);
    }
}
