package dev.roster.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.roster.core.domain.JsonType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out. Parses to plain Java values ({@code Map} in key order, {@code List},
 * {@code String}, {@code Number}, {@code Boolean}, {@code null}) so that a key present with null
 * stays apart from an absent key; rejects duplicate keys and anything after the value.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /**
     * Parses a request body.
     *
     * @throws ApiError 400 for an empty body or malformed JSON, naming where it broke
     */
    public static Object parse(byte[] body) {
        if (body.length == 0) {
            throw ApiError.invalid("body", "The request body is empty; expected JSON.");
        }
        try {
            return MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ApiError.invalid("body", "Malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a request body that must be a JSON object.
     *
     * @throws ApiError 400 when it is not
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] body) {
        Object value = parse(body);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw ApiError.invalid("body", JsonType.mismatch("an object", value));
    }

    /**
     * Parses a request body that must be a JSON array.
     *
     * @throws ApiError 400 when it is not
     */
    @SuppressWarnings("unchecked")
    public static List<Object> parseArray(byte[] body) {
        Object value = parse(body);
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw ApiError.invalid("body", JsonType.mismatch("an array", value));
    }

    /**
     * Parses a JSON text given in a query parameter.
     *
     * @throws ApiError 400 naming the parameter
     */
    public static Object parseParameter(String name, String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid(name, "Malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Serialises plain Java values (maps, lists, strings, numbers, booleans, null) as UTF-8 JSON. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable: " + value, e);
        }
    }

    /**
     * A generator writing UTF-8 JSON to {@code out} a value at a time ({@code writeObject} takes the
     * same plain values as {@link #write}), for bodies too large to hold. Closing it flushes it and
     * leaves {@code out} open; it never closes open objects or arrays itself, so a body cut off by a
     * failure does not look whole.
     */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return MAPPER.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    }

    /** Reads JSON text, for tests and clients; the same strictness as {@link #parse(byte[])}. */
    public static Object read(String text) {
        return parseParameter("json", text);
    }
}
