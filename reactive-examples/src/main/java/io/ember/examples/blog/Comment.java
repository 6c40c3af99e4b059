package io.ember.examples.blog;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.Column;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.Default;
import io.ember.core.model.Id;
import io.ember.core.model.Index;
import io.ember.core.model.Model;
import io.ember.core.model.OnDelete;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A comment on a post by a user.
 *
 * @param post   the post; {@code null} unless included
 * @param author the commenter; {@code null} unless included
 */
@Model(table = "comments")
public record Comment(
        @Id @Nullable Long id,
        @Column(nullable = false) @Index Long postId,
        @Column(nullable = false) Long authorId,
        @Column(nullable = false) String body,
        @CreatedAt @Default("now()") @Nullable Instant createdAt,
        @BelongsTo(onDelete = OnDelete.CASCADE) @Nullable Post post,
        @BelongsTo @Nullable User author) {

    /** A new comment, not stored yet. */
    public static Comment of(long postId, long authorId, String body) {
        return new Comment(null, postId, authorId, body, null, null, null);
    }
}
