package io.ember.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.core.error.InvalidFilterException;
import io.ember.core.model.ModelMetadata;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a filter from the raw query string of an HTTP request, in any of three forms:
 *
 * <ul>
 *   <li>{@code filter=<url-encoded JSON filter>};</li>
 *   <li>{@code where=<url-encoded JSON where>} (ANDed with the filter's where when both are given);</li>
 *   <li>the bracket form, {@code filter[where][age][gte]=18&filter[order][0]=name%20ASC&filter[limit]=10};
 *       numeric indices ({@code [0]}, {@code [1]}...) and empty brackets ({@code []}) make lists, a
 *       repeated key makes a list too. {@code where[...]} works as {@code filter[where][...]}.</li>
 * </ul>
 *
 * Other parameters are ignored. Values of the bracket form are strings: {@link FilterValidator}
 * converts them to the property types ({@code "18"} to 18, {@code "true"} to true, UUIDs,
 * timestamps, enum names), and a value that does not convert is an {@link InvalidFilterException}
 * naming its path. Because they are strings, bracket values inside JSON documents compare as text,
 * and {@code null} is the text "null"; use the JSON form for numbers inside documents and for
 * IS NULL. A filter given both as {@code filter=<json>} and in brackets is refused. Thread-safe;
 * all methods are static.
 */
public final class QueryStringParser {

    private QueryStringParser() {
    }

    /**
     * Parses the filter of a raw query string (without the leading {@code ?}), unvalidated.
     *
     * @throws InvalidFilterException when a parameter is malformed or not a filter
     */
    public static Filter parse(@Nullable String query) {
        if (query == null || query.isEmpty()) {
            return Filter.empty();
        }
        String filterJson = null;
        String whereJson = null;
        BracketTree brackets = new BracketTree();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), "query parameter name");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), key);
            if (key.equals("filter")) {
                filterJson = once(filterJson, value, "filter");
            } else if (key.equals("where")) {
                whereJson = once(whereJson, value, "where");
            } else if (key.startsWith("filter[")) {
                brackets.put(key.substring("filter".length()), value);
            } else if (key.startsWith("where[")) {
                brackets.put("[where]" + key.substring("where".length()), value);
            }
        }
        if (filterJson != null && !brackets.isEmpty()) {
            throw new InvalidFilterException("", "give the filter either as filter=<json> or in the bracket form"
                    + " filter[...]=..., not both");
        }
        Filter filter = filterJson != null ? FilterParser.parse(filterJson)
                : brackets.isEmpty() ? Filter.empty() : FilterParser.filter(brackets.toJson(), "", 0);
        if (whereJson != null) {
            JsonNode json = FilterParser.readTree(whereJson);
            Where where = json.isNull() ? null : FilterParser.parseWhere(json);
            if (where != null) {
                filter = filter.withWhere(filter.where() == null ? where
                        : new Where.And(List.of(filter.where(), where)));
            }
        }
        return filter;
    }

    /**
     * Parses the filter of a raw query string and validates it against a model under a policy
     * (for HTTP, usually {@link FilterPolicy#external()}).
     *
     * @return the validated, normalized filter
     * @throws InvalidFilterException when a parameter is malformed, not a filter, or not valid for
     *                                the model and policy
     */
    public static Filter parse(@Nullable String query, ModelMetadata<?> model, FilterPolicy policy) {
        return FilterValidator.validate(parse(query), model, policy);
    }

    private static String once(@Nullable String previous, String value, String name) {
        if (previous != null) {
            throw new InvalidFilterException("", "the " + name + " parameter is given more than once");
        }
        return value;
    }

    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidFilterException("", "malformed percent-encoding in " + JsonValues.excerpt(what));
        }
    }
}
