package io.ember.core.filter.keyset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.FilterValidator;
import io.ember.core.filter.Operator;
import io.ember.core.filter.Where;
import io.ember.core.model.PropertyMetadata;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The text of a continuation token: {@code base64url(values JSON) "." base64url(HMAC-SHA256)}. The
 * values are a JSON array with one element per key (numbers, strings for text, UUIDs, timestamps and
 * enum names, booleans, nulls); they are readable, not secret, but cannot be changed without the
 * signature failing. Decoding checks the signature first, then types each value as its property
 * (the way a filter operand is coerced).
 */
final class KeysetTokens {

    private static final String REFUSED = "not a continuation token of this query (forged, altered,"
            + " truncated, or issued for another model, order, filter or key)";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private KeysetTokens() {
    }

    static String encode(List<@Nullable Object> values, Keyset<?> keyset) {
        ArrayNode array = NODES.arrayNode(values.size());
        for (Object value : values) {
            array.add(node(value));
        }
        String json = array.toString();
        byte[] mac = keyset.signer().sign(keyset.signed(json));
        return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(mac);
    }

    static List<@Nullable Object> decode(String token, Keyset<?> keyset) {
        int dot = token.indexOf('.');
        if (dot < 1 || dot != token.lastIndexOf('.')) {
            throw refused();
        }
        String json;
        byte[] mac;
        try {
            json = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            mac = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        if (!keyset.signer().verify(mac, keyset.signed(json))) {
            throw refused();
        }
        JsonNode array;
        try {
            array = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw refused();
        }
        List<Keyset.Key> keys = keyset.keys();
        if (array == null || !array.isArray() || array.size() != keys.size()) {
            throw refused();
        }
        List<@Nullable Object> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            values.add(typed(array.get(i), keys.get(i), keyset));
        }
        return values;
    }

    private static @Nullable Object typed(JsonNode node, Keyset.Key key, Keyset<?> keyset) {
        if (node.isNull()) {
            if (!key.nullable()) {
                throw refused();
            }
            return null;
        }
        Object raw = node.isTextual() ? node.textValue() : node.isBoolean() ? node.booleanValue()
                : node.canConvertToExactIntegral() && node.canConvertToLong() ? (Object) node.longValue()
                : node.isNumber() ? node.decimalValue() : null;
        if (raw == null) {
            throw refused();
        }
        PropertyMetadata p = key.property();
        try {
            Where typed = FilterValidator.validateWhere(new Where.Condition(p.name(), Operator.EQ, raw),
                    keyset.model(), FilterPolicy.internal());
            return ((Where.Condition) typed).value();
        } catch (InvalidFilterException e) {
            throw refused();
        }
    }

    private static JsonNode node(@Nullable Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Double || value instanceof Float) {
            // NaN and the infinities sort in PostgreSQL; as text they coerce back like any operand
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? NODES.numberNode(new BigDecimal(value.toString())) : NODES.textNode(value.toString());
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        return NODES.textNode(value.toString());
    }

    private static InvalidFilterException refused() {
        return new InvalidFilterException("after", REFUSED);
    }
}
