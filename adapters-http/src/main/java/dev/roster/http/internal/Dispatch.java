package dev.roster.http.internal;

import dev.roster.core.domain.ApiVersion;
import dev.roster.http.HttpRequest;
import dev.roster.http.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns endpoint results and errors into responses, and serves the OpenAPI document. */
public final class Dispatch {

    /** Where the OpenAPI document is, on the class path and on the wire. */
    public static final String OPENAPI = "/openapi.json";

    private static final byte[] OPENAPI_DOCUMENT = load("openapi.json");

    private Dispatch() {
    }

    /** The request header that chooses the API version. */
    public static final String VERSION_HEADER = "TalkJS-REST-Version";

    /**
     * The version a header value names; the newest when absent.
     *
     * @throws ApiError 400 for an unknown version
     */
    public static ApiVersion version(String header) {
        if (header == null) {
            return ApiVersion.latest();
        }
        ApiVersion version = ApiVersion.fromWire(header.trim());
        if (version == null) {
            StringBuilder known = new StringBuilder();
            for (ApiVersion v : ApiVersion.values()) {
                known.append(known.length() == 0 ? "" : ", ").append(v.wire());
            }
            throw ApiError.invalid(VERSION_HEADER, "Unknown API version \"" + header + "\"; expected one of " + known + ".");
        }
        return version;
    }

    /** A 200 response with this JSON value, or the response itself when the endpoint built one. */
    public static HttpResponse ok(Object value) {
        if (value instanceof HttpResponse response) {
            return response;
        }
        return HttpResponse.json(200, Json.write(value));
    }

    /** The response for this error, in the one error shape. */
    public static HttpResponse error(ApiError error) {
        HttpResponse response = HttpResponse.json(error.status(), Json.write(error.body()));
        return error.allow() == null ? response : response.withHeader("Allow", error.allow());
    }

    /** A matched request as endpoints see it. */
    public static Call call(HttpRequest request, Map<String, String> params, ApiVersion version, int maxBodyBytes) {
        return new Call(request, params, version, maxBodyBytes);
    }

    /** Where the JavaScript client is, on the wire. */
    public static final String CLIENT_JS = "/roster-client.js";

    private static final byte[] CLIENT_SCRIPT = load("roster-client.js");

    /**
     * Adds the public {@code GET /openapi.json} and {@code GET /roster-client.js}. The document is
     * the API's own with {@code morePaths} (path to method to OpenAPI operation) added to its
     * {@code paths}: the routes the serving process added beside the API.
     */
    @SuppressWarnings("unchecked")
    public static void registerDocs(Router router, Map<String, Map<String, Object>> morePaths) {
        Map<String, Object> document = Json.parseObject(OPENAPI_DOCUMENT);
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        morePaths.forEach((path, operations) ->
                ((Map<String, Object>) paths.computeIfAbsent(path, p -> new LinkedHashMap<>())).putAll(operations));
        byte[] served = Json.write(document);
        router.addPublic("GET", OPENAPI, call -> {
            call.noQuery();
            return HttpResponse.json(200, served);
        }).addPublic("GET", CLIENT_JS, call -> new HttpResponse(200, Map.of(
                "Content-Type", "text/javascript; charset=utf-8", "Cache-Control", "no-cache"), CLIENT_SCRIPT));
    }

    private static byte[] load(String name) {
        try (InputStream in = Dispatch.class.getResourceAsStream("/dev/roster/http/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
