package io.ember.r2dbc.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import io.ember.core.repository.Patch;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request body into an entity (for a create) or a {@link Patch}, strictly: the body must be
 * one JSON object; a field that is not a visible property of the model (unknown, {@code @Hidden}, a
 * relation) is refused, and so is a property the server sets (a generated id, the version, the
 * creation, modification and deletion times); a value that does not convert to the property's type
 * is refused naming its field ({@code body.age}). Hidden properties are reported as unknown, so the
 * answer does not reveal them. Immutable and thread-safe; built once per resource.
 *
 * @param <T> the model type
 */
final class BodyParser<T> {

    private static final ObjectReader TREE = JsonWriter.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ModelMetadata<T> model;
    private final Map<String, PropertyMetadata> creatable = new HashMap<>();
    private final Map<String, PropertyMetadata> patchable = new HashMap<>();
    private final Map<String, JavaType> types = new HashMap<>();

    BodyParser(ModelMetadata<T> model) {
        this.model = model;
        for (PropertyMetadata property : model.properties()) {
            if (property.hidden()) {
                continue;
            }
            types.put(property.name(), JsonWriter.JSON.getTypeFactory().constructType(property.genericType()));
            boolean managed = property.role() != PropertyMetadata.Role.NONE && property.role() != PropertyMetadata.Role.ID;
            if (property.isId()) {
                if (model.idStrategy() != IdStrategy.IDENTITY) {
                    creatable.put(property.name(), property);
                }
            } else if (!managed) {
                creatable.put(property.name(), property);
                patchable.put(property.name(), property);
            }
        }
    }

    /** The body as a new entity; the properties it leaves out are null (zero for primitives). */
    T entity(byte[] body) {
        JsonNode json = object(body);
        @Nullable Object[] components = new Object[model.componentCount()];
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            PropertyMetadata property = creatable.get(field.getKey());
            if (property == null) {
                throw refused(field.getKey());
            }
            components[property.index()] = convert(property, field.getValue());
        }
        return model.newInstance(components);
    }

    /**
     * The body as a patch: keys are properties, or paths into a {@code @Json} property
     * ({@code "metadata.address.city"}), whose values are written as given.
     */
    Patch patch(byte[] body) {
        JsonNode json = object(body);
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            int cut = firstPathSeparator(key);
            PropertyMetadata property = patchable.get(cut < 0 ? key : key.substring(0, cut));
            if (property == null || (cut >= 0 && property.kind() != ValueKind.JSON)) {
                throw cut >= 0 && property != null
                        ? HttpProblem.badBody("body." + key, "only a @Json property has paths inside it")
                        : refused(key);
            }
            values.put(key, cut < 0 ? convert(property, field.getValue()) : plain(key, field.getValue()));
        }
        if (values.isEmpty()) {
            throw HttpProblem.badBody("body", "the patch is empty: name at least one property to change");
        }
        return Patch.of(values);
    }

    private static int firstPathSeparator(String key) {
        int dot = key.indexOf('.');
        int bracket = key.indexOf('[');
        return dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
    }

    private HttpProblem refused(String key) {
        PropertyMetadata property = model.property(key);
        if (property != null && !property.hidden()) {
            return HttpProblem.badBody("body." + key, "'" + key + "' is set by the server and cannot be written");
        }
        if (model.relation(key) != null) {
            return HttpProblem.badBody("body." + key, "'" + key + "' is a relation; write its rows through their own resource");
        }
        return HttpProblem.badBody("body." + key, "unknown property '" + key + "'");
    }

    private @Nullable Object convert(PropertyMetadata property, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        try {
            return JsonWriter.JSON.readerFor(types.get(property.name())).readValue(value);
        } catch (IOException | IllegalArgumentException e) {
            throw HttpProblem.badBody("body." + property.name(), "expected " + expected(property) + ", got "
                    + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static @Nullable Object plain(String key, JsonNode value) {
        try {
            return JsonWriter.JSON.treeToValue(value, Object.class);
        } catch (JsonProcessingException e) {
            throw HttpProblem.badBody("body." + key, "not a JSON value");
        }
    }

    private static String expected(PropertyMetadata property) {
        return switch (property.kind()) {
            case JSON -> "a JSON value of type " + property.genericType().getTypeName();
            case ARRAY -> "a list of " + property.elementKind();
            default -> "a value of type " + property.type().getSimpleName();
        };
    }

    private static JsonNode object(byte[] body) {
        JsonNode json;
        try {
            json = TREE.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw HttpProblem.badBody("body", "malformed JSON" + (at == null ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw HttpProblem.badBody("body", "unreadable body");
        }
        if (json == null || json.isMissingNode() || !json.isObject()) {
            throw HttpProblem.badBody("body", "expected a JSON object");
        }
        return json;
    }
}
