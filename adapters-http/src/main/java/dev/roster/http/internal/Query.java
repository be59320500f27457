package dev.roster.http.internal;

import dev.roster.core.domain.QueryParameters;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a request's query string as HTML forms encode it ({@code +} is a space) into core's
 * {@link QueryParameters}, which read the values. Each endpoint names the parameters it takes.
 * Others are ignored, so that clients which add their own (cache busters, tracing ids) keep
 * working; a known one that is repeated or badly encoded is a 400.
 */
final class Query {

    private Query() {
    }

    /**
     * The parameters of a raw query string (null for none) named in {@code allowed}.
     *
     * @throws ApiError 400 for a known parameter that is repeated or badly encoded
     */
    static QueryParameters parse(String rawQuery, Set<String> allowed) {
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
        return QueryParameters.of(values);
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
}
