package dev.roster.http.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one request, decoded as HTML forms encode them ({@code +} is a space).
 * Each endpoint names the parameters it takes. Others are ignored, so that clients which add
 * their own (cache busters, tracing ids) keep working; a known one that is repeated or badly
 * encoded is a 400.
 */
public final class Query {

    private final Map<String, String> values;

    private Query(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses a raw query string (null for none), keeping the parameters named in {@code allowed}.
     *
     * @throws ApiError 400 for a known parameter that is repeated or badly encoded
     */
    public static Query parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decodedName(eq < 0 ? pair : pair.substring(0, eq));
                if (name == null || !allowed.contains(name)) {
                    continue;
                }
                String value = eq < 0 ? "" : decode(name, pair.substring(eq + 1));
                if (values.put(name, value) != null) {
                    throw ApiError.invalid(name, "The query parameter is given more than once.");
                }
            }
        }
        return new Query(values);
    }

    /** The decoded name, or null when it is badly encoded (then it names no known parameter). */
    private static String decodedName(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decode(String name, String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(name, "Bad percent-encoding in the query string.");
        }
    }

    /** The value, or null when absent. */
    public String string(String name) {
        return values.get(name);
    }

    /** Whether the parameter was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * An integer within bounds, or {@code fallback} when absent.
     *
     * @throws ApiError 400 when it is not an integer or out of range
     */
    public int integer(String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        long value = parseLong(name, text);
        if (value < min || value > max) {
            throw ApiError.invalid(name, "Must be between " + min + " and " + max + "; got " + text + ".");
        }
        return (int) value;
    }

    /**
     * A whole number (for example Unix milliseconds), or null when absent.
     *
     * @throws ApiError 400 when it is not a whole number
     */
    public Long longValue(String name) {
        String text = values.get(name);
        return text == null ? null : parseLong(name, text);
    }

    /**
     * {@code true} or {@code false}, or null when absent.
     *
     * @throws ApiError 400 for any other value
     */
    public Boolean bool(String name) {
        String text = values.get(name);
        if (text == null) {
            return null;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw ApiError.invalid(name, "Expected true or false; got \"" + text + "\".");
    }

    /**
     * One of {@code choices}, or {@code fallback} when absent.
     *
     * @throws ApiError 400 for any other value
     */
    public String choice(String name, String fallback, Set<String> choices) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        if (!choices.contains(text)) {
            throw ApiError.invalid(name, "Expected one of " + String.join(", ", new TreeSet<>(choices))
                    + "; got \"" + text + "\".");
        }
        return text;
    }

    private static long parseLong(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.invalid(name, "Expected a whole number; got \"" + text + "\".");
        }
    }
}
