package io.ember.r2dbc.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The row type of the filter integration tests: one nullable column of every kind a filter treats differently. */
@Model(table = "samples")
record Sample(
        @Id(strategy = IdStrategy.CLIENT) Long id,
        String name,
        Integer num,
        Long big,
        BigDecimal amount,
        Boolean flag,
        Instant at,
        Status status,
        List<String> tags,
        List<Integer> nums,
        @Json JsonNode doc) {

    enum Status { ACTIVE, BANNED, PENDING }
}
