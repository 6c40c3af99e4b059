package io.ember.r2dbc.http;

import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The id in a resource path ({@code /users/{id}}), converted to the type of the model's id: a
 * number for a numeric id, a UUID for a UUID id, the text for a text id. Anything else (a text for a
 * numeric id, a malformed UUID) is a 400 {@code INVALID_ID}, never a lookup.
 */
final class PathId {

    private PathId() {
    }

    static Object parse(ModelMetadata<?> model, @Nullable String raw) {
        PropertyMetadata id = model.id();
        String text;
        try {
            text = raw == null ? "" : URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(id);
        }
        if (text.isEmpty()) {
            throw invalid(id);
        }
        try {
            Class<?> type = id.type().isPrimitive() ? boxed(id.type()) : id.type();
            Object value = JsonWriter.JSON.convertValue(text, type);
            if (value == null) {
                throw invalid(id);
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw invalid(id);
        }
    }

    private static Class<?> boxed(Class<?> primitive) {
        return primitive == long.class ? Long.class : primitive == int.class ? Integer.class
                : primitive == short.class ? Short.class : Object.class;
    }

    private static HttpProblem invalid(PropertyMetadata id) {
        return new HttpProblem(400, "INVALID_ID", "id",
                "the id must be a value of type " + id.type().getSimpleName());
    }
}
