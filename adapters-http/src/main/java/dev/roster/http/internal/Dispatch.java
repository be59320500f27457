package dev.roster.http.internal;

import dev.roster.core.domain.ApiVersion;
import dev.roster.http.HttpRequest;
import dev.roster.http.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Turns endpoint results and errors into responses, and serves the OpenAPI document. */
public final class Dispatch {

    /** Where the OpenAPI document is, on the class path and on the wire. */
    public static final String OPENAPI = "/openapi.json";

    private static final Object OPENAPI_DOCUMENT = Json.parse(load());

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

    /** A 200 response with this JSON value. */
    public static HttpResponse ok(Object value) {
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

    /** Adds the public {@code GET /openapi.json}. */
    public static void registerDocs(Router router) {
        router.addPublic("GET", OPENAPI, call -> {
            call.noQuery();
            return OPENAPI_DOCUMENT;
        });
    }

    private static byte[] load() {
        try (InputStream in = Dispatch.class.getResourceAsStream("/dev/roster/http/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
