package dev.roster.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the list, set and map fields of a row as JSON text. They are never queried
 * inside the database (H2 has no JSON path functions), so portable text columns are enough.
 */
final class JsonColumns {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // Readers bound once: ObjectMapper.readValue resolves the type's deserializer on every call.
    private static final ObjectReader LIST = MAPPER.readerFor(new TypeReference<List<String>>() { });
    private static final ObjectReader SET = MAPPER.readerFor(new TypeReference<Set<String>>() { });
    private static final ObjectReader MAP = MAPPER.readerFor(new TypeReference<Map<String, String>>() { });

    private JsonColumns() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** The list in {@code json}; {@code []} without parsing (most rows hold empty collections). */
    static List<String> list(String json) {
        return "[]".equals(json) ? List.of() : read(json, LIST);
    }

    /** The set in {@code json}; {@code []} without parsing. */
    static Set<String> set(String json) {
        return "[]".equals(json) ? Set.of() : read(json, SET);
    }

    /** The map in {@code json}; <code>{}</code> without parsing. */
    static Map<String, String> map(String json) {
        return "{}".equals(json) ? Map.of() : read(json, MAP);
    }

    private static <T> T read(String json, ObjectReader reader) {
        try {
            return reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored JSON column is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
