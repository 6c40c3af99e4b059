package io.ember.r2dbc.mapping;

/**
 * A SQL NULL of a given driver type, as a bind value ({@link Values#toDriver} makes it; the statement
 * runner binds it with {@code bindNull}).
 *
 * @param type the driver type of the column
 */
public record NullValue(Class<?> type) {
}
