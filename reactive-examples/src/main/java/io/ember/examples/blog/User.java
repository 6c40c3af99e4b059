package io.ember.examples.blog;

import io.ember.core.model.Check;
import io.ember.core.model.Column;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.Default;
import io.ember.core.model.HasMany;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.ModifiedAt;
import io.ember.core.model.Unique;
import io.ember.core.model.Version;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A blog author: a unique email, a hidden password hash (written, never returned unless asked for), a
 * counter of published posts (bumped by the "publish" transaction) and optimistic locking.
 *
 * @param posts the user's posts; {@code null} unless a filter includes {@code posts}
 */
@Model(table = "users")
public record User(
        @Id @Nullable Long id,
        @Column(nullable = false) @Check("length(name) > 0") String name,
        @Column(nullable = false) @Unique String email,
        @Hidden @Nullable String passwordHash,
        @Default("0") @Check("post_count >= 0") int postCount,
        @CreatedAt @Default("now()") @Nullable Instant createdAt,
        @ModifiedAt @Nullable Instant modifiedAt,
        @Version @Default("0") long version,
        @HasMany(foreignKey = "authorId") @Nullable List<Post> posts) {

    /** A new user, not stored yet. */
    public static User of(String name, String email, String passwordHash) {
        return new User(null, name, email, passwordHash, 0, null, null, 0, null);
    }
}
