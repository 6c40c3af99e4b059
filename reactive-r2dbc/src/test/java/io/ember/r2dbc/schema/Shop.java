package io.ember.r2dbc.schema;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.Check;
import io.ember.core.model.Column;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.Default;
import io.ember.core.model.HasManyThrough;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Index;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.model.OnDelete;
import io.ember.core.model.Unique;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Models of a shop in a schema of its own: every kind of DDL the generator writes. */
final class Shop {

    static final String SCHEMA = "ember_shop";

    private Shop() {
    }

    enum Status { DRAFT, LIVE, RETIRED }

    @Model(table = "stores", schema = SCHEMA)
    record Store(@Id(strategy = IdStrategy.CLIENT) String code, @Column(nullable = false) String name) {
    }

    @Model(table = "items", schema = SCHEMA)
    @Unique({"storeCode", "sku"})
    @Index(value = {"storeCode", "createdAt"}, where = "NOT archived")
    @Check("price >= 0 OR archived")
    record Item(
            @Id(strategy = IdStrategy.UUID) @Nullable UUID id,
            @Nullable String storeCode,
            @Column(nullable = false) String sku,
            @Default("0") @Nullable BigDecimal price,
            boolean archived,
            @Column(nullable = false) @Default("'DRAFT'") Status status,
            @Nullable List<Status> badges,
            @Json @Index @Nullable Map<String, Object> attributes,
            @Index @Nullable List<String> labels,
            @CreatedAt @Default("now()") @Nullable Instant createdAt,
            @BelongsTo(foreignKey = "storeCode", onDelete = OnDelete.SET_NULL) @Nullable Store store,
            @HasManyThrough(through = ItemTag.class, foreignKey = "itemId", targetKey = "tagId")
            @Nullable List<Label> tags) {
    }

    @Model(table = "labels", schema = SCHEMA)
    record Label(@Id int id, @Column(nullable = false) @Unique(name = "labels_text_unique") String text) {
    }

    @Model(table = "item_labels", schema = SCHEMA)
    record ItemTag(@Id(strategy = IdStrategy.CLIENT) UUID itemId, @Id(strategy = IdStrategy.CLIENT) Integer tagId) {
    }

    /** A SET NULL delete rule on a NOT NULL column: refused. */
    @Model(table = "broken")
    record Broken(@Id Long id, @Column(nullable = false) String storeCode,
                  @BelongsTo(foreignKey = "storeCode", onDelete = OnDelete.SET_NULL) @Nullable Store store) {
    }

    /** An index naming a property that does not exist: refused. */
    @Model(table = "broken2")
    @Index("nope")
    record BadIndex(@Id Long id) {
    }
}
