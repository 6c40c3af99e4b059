package io.ember.core.filter;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.HasMany;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Models the filter tests validate against: every value kind, arrays, jsonb, hidden, relations. */
final class TestModels {

    private TestModels() {
    }

    enum Status { ACTIVE, BANNED }

    @Model(table = "users")
    record User(
            @Id Long id,
            String name,
            int age,
            short level,
            long visits,
            float weight,
            double rating,
            BigDecimal balance,
            boolean active,
            UUID externalId,
            Instant createdAt,
            OffsetDateTime lastSeen,
            LocalDate birthday,
            LocalDateTime wakeUp,
            Status status,
            List<String> tags,
            List<Status> history,
            Integer[] luckyNumbers,
            byte[] avatar,
            @Json Map<String, Object> metadata,
            @Hidden String passwordHash,
            @HasMany(foreignKey = "authorId") List<Post> posts) {
    }

    @Model(table = "posts")
    record Post(
            @Id Long id,
            Long authorId,
            String title,
            boolean published,
            Instant createdAt,
            @BelongsTo User author,
            @HasMany(foreignKey = "postId") List<Comment> comments) {
    }

    @Model(table = "comments")
    record Comment(@Id Long id, Long postId, String body, @BelongsTo Post post) {
    }

    static final ModelMetadata<User> USER = ModelMetadata.of(User.class);
    static final ModelMetadata<Post> POST = ModelMetadata.of(Post.class);
}
