package io.ember.r2dbc.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.core.model.Id;
import io.ember.core.model.Json;
import io.ember.core.model.Model;

/** The {@code Customer} model of loopback-connector-postgresql's "json data type" tests. */
@Model(table = "lb_customers")
record LbCustomer(@Id Long id, @Json JsonNode address) {
}
