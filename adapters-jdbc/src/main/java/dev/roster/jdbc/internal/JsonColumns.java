package dev.roster.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the list, set and map fields of a row as JSON text. They are never queried
 * inside the database (H2 has no JSON path functions), so portable text columns are enough.
 */
final class JsonColumns {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final TypeReference<Set<String>> SET = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };

    private JsonColumns() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static List<String> list(String json) {
        return read(json, LIST);
    }

    static Set<String> set(String json) {
        return read(json, SET);
    }

    static Map<String, String> map(String json) {
        return read(json, MAP);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored JSON column is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
