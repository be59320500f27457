package dev.roster.http.internal;

import dev.roster.core.domain.ApiVersion;
import dev.roster.core.domain.QueryParameters;
import dev.roster.http.HttpRequest;
import dev.roster.http.PayloadTooLargeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One authenticated request matched to a route: its path parameters, app, API version, and
 * access to its query and body.
 */
public final class Call {

    private final HttpRequest request;
    private final Map<String, String> pathParams;
    private final ApiVersion version;
    private final int maxBodyBytes;

    Call(HttpRequest request, Map<String, String> pathParams, ApiVersion version, int maxBodyBytes) {
        this.request = request;
        this.pathParams = pathParams;
        this.version = version;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A decoded path parameter, for example {@code userId}. */
    public String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no path parameter " + name);
        }
        return value;
    }

    /** The request as received. */
    public HttpRequest request() {
        return request;
    }

    /** The app of the path. */
    public String appId() {
        return path("appId");
    }

    /** The value of the first request header of that name, or null. */
    public String header(String name) {
        return request.header(name);
    }

    /** The API version the client asked for. */
    public ApiVersion version() {
        return version;
    }

    /**
     * The query parameters of these names; others are ignored.
     *
     * @throws ApiError 400 for a repeated or badly encoded parameter of these names
     */
    public QueryParameters query(Set<String> allowed) {
        return Query.parse(request.rawQuery(), allowed);
    }

    /** Checks that the request has no query parameter. */
    public void noQuery() {
        query(Set.of());
    }

    /** The body, which must be a JSON object. */
    public Map<String, Object> objectBody() {
        return Json.parseObject(body());
    }

    /** The body, which must be a JSON array. */
    public List<Object> arrayBody() {
        return Json.parseArray(body());
    }

    /** The body, which may be empty: then null. */
    public Map<String, Object> optionalObjectBody() {
        byte[] body = body();
        return body.length == 0 ? null : Json.parseObject(body);
    }

    private byte[] body() {
        try {
            return request.body(maxBodyBytes);
        } catch (PayloadTooLargeException e) {
            throw ApiError.tooLarge(maxBodyBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
