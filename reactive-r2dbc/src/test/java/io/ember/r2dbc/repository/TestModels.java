package io.ember.r2dbc.repository;

import io.ember.core.model.Column;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.DeletedAt;
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

/** Models shared by the repository integration tests. */
final class TestModels {

    private TestModels() {
    }

    @Model(table = "users")
    record User(
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

        static User of(String name, String email, Integer age, List<String> tags) {
            return new User(null, name, email, "hash-" + name, Map.of("city", "Paris"), tags, age, null, null, 0);
        }
    }

    @Model(table = "items")
    record Item(@Id Long id, String name, int qty, Instant createdAt) {

        static Item of(String name, int qty) {
            return new Item(null, name, qty, null);
        }
    }

    @Model(table = "notes")
    record Note(@Id Long id, String body, @DeletedAt Instant deletedAt) {
    }

    @Model(table = "codes")
    record Code(@Id(strategy = IdStrategy.CLIENT) String code, String label) {
    }
}
