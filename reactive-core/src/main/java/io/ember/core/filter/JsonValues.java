package io.ember.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.core.error.InvalidFilterException;
import java.math.BigDecimal;

/** Turns the leaves of a JSON filter into Java values, and describes nodes in error messages. */
final class JsonValues {

    private static final int EXCERPT = 40;

    private JsonValues() {
    }

    /**
     * A scalar operand: {@code String}, {@code Long} for integral numbers that fit, {@code BigDecimal}
     * for other numbers, or {@code Boolean}; JSON null is {@code null}.
     */
    static @org.jspecify.annotations.Nullable Object scalar(JsonNode json, String path) {
        if (json.isNull()) {
            return null;
        }
        if (json.isTextual()) {
            return json.textValue();
        }
        if (json.isBoolean()) {
            return json.booleanValue();
        }
        if (json.isNumber()) {
            if (json.isIntegralNumber() && json.canConvertToLong()) {
                return json.longValue();
            }
            if (notFinite(json)) {
                throw new InvalidFilterException(path, "expected a finite number, found " + json.asText());
            }
            return json.decimalValue();
        }
        throw new InvalidFilterException(path, "expected a value (string, number, boolean or null), found "
                + describe(json));
    }

    /** A non-negative count ({@code limit}, {@code skip}), as a number or a string of digits. */
    static long count(JsonNode json, String path, long max) {
        BigDecimal value = null;
        if (json.isNumber() && !notFinite(json)) {
            value = json.decimalValue();
        } else if (json.isTextual() && json.textValue().matches("\\s*\\d{1,19}\\s*")) {
            value = new BigDecimal(json.textValue().trim());
        }
        if (value == null || value.signum() < 0 || OperandCoercer.integerDigits(value) > 19
                || value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidFilterException(path, "expected a whole number from 0 to " + max + ", found "
                    + describe(json));
        }
        return value.longValue();
    }

    /** Whether a number node is a NaN or an infinity (only binary floating-point nodes can be). */
    private static boolean notFinite(JsonNode json) {
        return (json.isDouble() || json.isFloat()) && !Double.isFinite(json.doubleValue());
    }

    /** A boolean, as JSON true/false or the strings "true"/"false". */
    static boolean bool(JsonNode json, String path) {
        if (json.isBoolean()) {
            return json.booleanValue();
        }
        if (json.isTextual() && (json.textValue().equals("true") || json.textValue().equals("false"))) {
            return json.textValue().equals("true");
        }
        throw new InvalidFilterException(path, "expected true or false, found " + describe(json));
    }

    /** A short description of a node for error messages: its type and, for scalars, an excerpt. */
    static String describe(JsonNode json) {
        if (json.isObject()) {
            return "an object";
        }
        if (json.isArray()) {
            return "a list";
        }
        if (json.isTextual()) {
            return "'" + excerpt(json.textValue()) + "'";
        }
        if (json.isMissingNode()) {
            return "nothing";
        }
        return excerpt(json.asText());
    }

    /** Text cut to a readable length for error messages, control characters replaced. */
    static String excerpt(String text) {
        return excerpt(text, EXCERPT);
    }

    /** Text cut to {@code max} characters (then ending in {@code ...}), control characters replaced. */
    static String excerpt(String text, int max) {
        int end = max > 0 && text.length() > max && Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        String cut = text.length() > max ? text.substring(0, end) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
