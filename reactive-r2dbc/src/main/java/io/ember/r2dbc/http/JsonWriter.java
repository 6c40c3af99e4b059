package io.ember.r2dbc.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ember.core.filter.Fields;
import io.ember.core.filter.Filter;
import io.ember.core.filter.Inclusion;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.RelationMetadata;
import io.ember.r2dbc.mapping.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Writes entities as JSON objects with the model mapping's Jackson ({@link Values#json()}, times as
 * ISO-8601 text): every property a client may see, never a {@code @Hidden} one (even when a read
 * selected it), and the relations that were included, recursively. The filter's field selection (and
 * each inclusion scope's, for the related rows) leaves the properties it does not select out of the
 * object; the id is always written. Stateless and thread-safe.
 */
final class JsonWriter {

    static final ObjectMapper JSON = Values.json().copy()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private JsonWriter() {
    }

    /** One entity as a JSON object. */
    static byte[] entity(ModelMetadata<?> model, Object entity, @Nullable Filter filter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, model, entity, filter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One entity as a JSON object and a newline: a line of NDJSON. */
    static byte[] line(ModelMetadata<?> model, Object entity, @Nullable Filter filter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, model, entity, filter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Entities as a JSON array. */
    static byte[] entities(ModelMetadata<?> model, Collection<?> entities, @Nullable Filter filter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * Math.max(1, entities.size()));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (Object entity : entities) {
                write(json, model, entity, filter);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Any value (an error body, a count) as JSON. */
    static byte[] value(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void write(JsonGenerator json, ModelMetadata model, Object entity, @Nullable Filter filter)
            throws IOException {
        Fields fields = filter == null ? null : filter.fields();
        @Nullable Object[] components = model.components(entity);
        json.writeStartObject();
        for (PropertyMetadata property : (Iterable<PropertyMetadata>) model.properties()) {
            if (property.hidden() || (fields != null && !property.isId() && !fields.selects(property.name()))) {
                continue;
            }
            json.writeFieldName(property.name());
            JSON.writeValue(json, components[property.index()]);
        }
        for (RelationMetadata relation : (Iterable<RelationMetadata>) model.relations()) {
            Object related = components[relation.index()];
            if (related == null) {
                continue;
            }
            ModelMetadata<?> target = ModelMetadata.of(relation.target());
            Filter scope = scope(filter, relation.name());
            json.writeFieldName(relation.name());
            if (related instanceof Collection<?> many) {
                json.writeStartArray();
                for (Object one : many) {
                    write(json, target, one, scope);
                }
                json.writeEndArray();
            } else {
                write(json, target, related, scope);
            }
        }
        json.writeEndObject();
    }

    private static @Nullable Filter scope(@Nullable Filter filter, String relation) {
        if (filter != null) {
            for (Inclusion inclusion : filter.include()) {
                if (inclusion.relation().equals(relation)) {
                    return inclusion.scope();
                }
            }
        }
        return null;
    }
}
