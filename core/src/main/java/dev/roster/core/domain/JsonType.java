package dev.roster.core.domain;

import java.util.List;
import java.util.Map;

/**
 * The JSON type of a JSON-shaped Java value ({@code Map}, {@code List}, {@code String},
 * {@code Number}, {@code Boolean} or {@code null}), as named in error messages.
 */
public enum JsonType {
    /** {@code null}. */
    NULL("null"),
    /** A JSON string. */
    STRING("a string"),
    /** A JSON number. */
    NUMBER("a number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("a boolean"),
    /** A JSON array. */
    ARRAY("an array"),
    /** A JSON object. */
    OBJECT("an object");

    private final String description;

    JsonType(String description) {
        this.description = description;
    }

    /**
     * The type of {@code value}.
     *
     * @param value a JSON-shaped value, may be null
     * @return its JSON type
     * @throws IllegalArgumentException if the value is not JSON-shaped
     */
    public static JsonType of(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof String) {
            return STRING;
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof List) {
            return ARRAY;
        }
        if (value instanceof Map) {
            return OBJECT;
        }
        throw new IllegalArgumentException("not a JSON-shaped value: " + value.getClass().getName());
    }

    /**
     * The message for a value of the wrong type: {@code Expected a string, got a number.}
     *
     * @param expected what was expected, e.g. {@code "a string"}
     * @param actual   the JSON-shaped value given, may be null
     * @return the message
     */
    public static String mismatch(String expected, Object actual) {
        return "Expected " + expected + ", got " + of(actual).description + ".";
    }

    /** {@return the type as named in messages, for example {@code "a string"}} */
    public String description() {
        return description;
    }
}
