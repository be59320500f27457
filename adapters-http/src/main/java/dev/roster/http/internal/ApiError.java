package dev.roster.http.internal;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.Violations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request that ends in an error response: the status, the stable machine-readable code, a
 * message for people and, for invalid input, the problems per field. {@link #body()} is the one
 * error shape of the REST API, except for invalid batches, which keep TalkJS's own shape.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, List<String>> errors;
    private final transient Object rawBody;
    private String allow;

    private ApiError(int status, String code, String message, Map<String, List<String>> errors, Object rawBody) {
        super(message);
        this.status = status;
        this.code = code;
        this.errors = errors;
        this.rawBody = rawBody;
    }

    /** 400 naming one field (a body field, a query parameter or a header) and its problem. */
    public static ApiError invalid(String field, String problem) {
        return new ApiError(400, "INVALID_ARGUMENT", field + ": " + problem, Map.of(field, List.of(problem)), null);
    }

    /** 400 with every problem of one input. */
    public static ApiError invalid(String message, Violations violations) {
        return new ApiError(400, "INVALID_ARGUMENT", message, violations.byField(), null);
    }

    /** 400 with TalkJS's batch shape: {@code {"<id>": {"<field or #>": ["message"]}}}. */
    public static ApiError invalidItems(String message, Map<String, Violations> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        items.forEach((id, violations) -> body.put(id, violations.byField()));
        return new ApiError(400, "INVALID_ARGUMENT", message, Map.of(), body);
    }

    /** 401, never saying whether the token or the app was wrong. */
    public static ApiError unauthenticated() {
        return new ApiError(401, "UNAUTHENTICATED",
                "Missing or invalid credentials: send Authorization: Bearer <secret key or app token>.", Map.of(), null);
    }

    /** 401 for a browser call whose identity is not proven, never saying what was wrong. */
    public static ApiError unverifiedUser() {
        return new ApiError(401, "UNAUTHENTICATED",
                "Missing or invalid identity: send Authorization: Bearer <user token or signature of the user id>.",
                Map.of(), null);
    }

    /** 403 for something the app's settings or the caller's rights forbid. */
    public static ApiError forbidden(String message) {
        return new ApiError(403, "FORBIDDEN", message, Map.of(), null);
    }

    /** 404 for an unknown resource. */
    public static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message, Map.of(), null);
    }

    /** 405 for a known path with another method. */
    public static ApiError methodNotAllowed(String method, String allowed) {
        ApiError error = new ApiError(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; allowed: " + allowed + ".",
                Map.of(), null);
        error.allow = allowed;
        return error;
    }

    /** 413 for a body over the limit. */
    public static ApiError tooLarge(int maxBytes) {
        return new ApiError(413, "PAYLOAD_TOO_LARGE", "The request body is larger than " + maxBytes + " bytes.",
                Map.of(), null);
    }

    /**
     * 429: the caller's budget ({@code decision}) holds no token. The decision's headers are added
     * to the response by the caller.
     */
    public static ApiError rateLimited(RateLimiter.Decision decision) {
        return new ApiError(429, "RATE_LIMITED", "Too many requests; the budget of " + decision.limit()
                + " is spent, retry after " + decision.retryAfter() + " s.", Map.of(), null);
    }

    /** 500 for a failure that is not the client's. */
    public static ApiError internal() {
        return new ApiError(500, "INTERNAL", "The server failed to answer this request; it was logged.", Map.of(), null);
    }

    /**
     * An error the server itself answered before the API saw the request (for example a malformed
     * request line), in the same shape.
     */
    public static ApiError ofStatus(int status, String message) {
        String code;
        switch (status) {
            case 401 -> code = "UNAUTHENTICATED";
            case 403 -> code = "FORBIDDEN";
            case 404 -> code = "NOT_FOUND";
            case 405 -> code = "METHOD_NOT_ALLOWED";
            case 413 -> code = "PAYLOAD_TOO_LARGE";
            case 429 -> code = "RATE_LIMITED";
            case 503 -> code = "UNAVAILABLE";
            default -> code = status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
        }
        return new ApiError(status, code, message, Map.of(), null);
    }

    /** The answer to a {@link RosterException} from core. */
    public static ApiError from(RosterException e) {
        if (e.code() == ErrorCode.INVALID_ARGUMENT && !e.itemViolations().isEmpty()) {
            return invalidItems(e.getMessage(), e.itemViolations());
        }
        return new ApiError(statusOf(e.code()), e.code().name(), e.getMessage(), e.violations().byField(), null);
    }

    private static int statusOf(ErrorCode code) {
        switch (code) {
            case INVALID_ARGUMENT:
                return 400;
            case UNAUTHENTICATED:
            case USER_DEACTIVATED:
            case TOKEN_REVOKED:
                return 401;
            case FORBIDDEN:
                return 403;
            case NOT_FOUND:
                return 404;
            case CONFLICT:
                return 409;
            case CURSOR_EXPIRED:
                return 410;
            case UNAVAILABLE:
                return 503;
            default:
                return 500;
        }
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The value of the {@code Allow} header of a 405, else null. */
    public String allow() {
        return allow;
    }

    /** The stable machine-readable code, for example {@code INVALID_ARGUMENT}. */
    public String code() {
        return code;
    }

    /**
     * The JSON body: {@code {"errorCode": …, "message": …, "errors": {field: [message…]}}}, with
     * {@code errors} only when there are field details; an invalid batch answers TalkJS's shape.
     */
    public Object body() {
        if (rawBody != null) {
            return rawBody;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", code);
        body.put("message", getMessage());
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return body;
    }
}
