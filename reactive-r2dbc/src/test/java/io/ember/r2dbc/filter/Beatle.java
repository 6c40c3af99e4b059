package io.ember.r2dbc.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.core.model.Id;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import java.time.Instant;

/**
 * The {@code User} model of loopback-datasource-juggler's test/basic-querying.test.js (without its
 * GeoPoint), for {@link LoopBackCompatibilityIT}: {@code address} is a nested object and
 * {@code friends} an array of objects, both jsonb.
 */
@Model(table = "beatles")
record Beatle(
        @Id Long id,
        Integer seq,
        String name,
        String email,
        Instant birthday,
        String role,
        Integer order,
        String tag,
        Boolean vip,
        @Json JsonNode address,
        @Json JsonNode friends) {
}
