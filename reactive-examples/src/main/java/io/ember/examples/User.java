package io.ember.examples;

import io.ember.core.model.Column;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.model.ModifiedAt;
import io.ember.core.model.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tour's model: a user with a hidden password hash, a jsonb document and a text[] of tags. */
@Model(table = "users")
public record User(
        @Id(strategy = IdStrategy.UUID) UUID id,
        @Column(nullable = false) String name,
        String email,
        @Hidden String passwordHash,
        @Json Map<String, Object> metadata,
        List<String> tags,
        Integer age,
        @CreatedAt Instant createdAt,
        @ModifiedAt Instant modifiedAt,
        @Version long version) {

    /** A new user, not yet stored. */
    public static User of(String name, String email, int age, String... tags) {
        return new User(null, name, email, "not-a-real-hash", Map.of("plan", "free"), List.of(tags), age, null, null, 0);
    }

    @Override
    public String toString() {
        return String.format("%-6s %-16s age=%-4s tags=%-16s metadata=%s v%d", name, email, age, tags, metadata, version);
    }
}
