package dev.roster.http;

import dev.roster.core.api.UserDirectory;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.KeyPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.Violations;
import dev.roster.http.internal.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The trusted user operations over the REST API: a client that turns each call into the TalkJS
 * request and each answer back into what {@link dev.roster.core.api.Roster} returns or throws, so
 * the contract suite can run against the wire.
 */
final class RestUserDirectory implements UserDirectory {

    private final RestFixture server;
    private final Function<String, String> secretOf;

    /** Calls the API on {@code server}, authenticating each app with the secret {@code secretOf} gives. */
    RestUserDirectory(RestFixture server, Function<String, String> secretOf) {
        this.server = server;
        this.secretOf = secretOf;
    }

    @Override
    public User upsertUser(String appId, String userId, UserPatch patch) {
        check(call(appId, "PUT", "/users/" + RestFixture.encode(userId), json(patch)), false);
        return findUser(appId, userId).orElseThrow();
    }

    @Override
    public void upsertUsers(String appId, Map<String, UserPatch> patches) {
        Map<String, Object> body = new LinkedHashMap<>();
        patches.forEach((id, patch) -> body.put(id, json(patch)));
        check(call(appId, "PUT", "/users", body), true);
    }

    @Override
    public Optional<User> findUser(String appId, String userId) {
        RestFixture.Reply reply = call(appId, "GET", "/users/" + RestFixture.encode(userId), null);
        if (reply.status() == 404 && "NOT_FOUND".equals(reply.errorCode()) && reply.text().contains("There is no user with id")) {
            return Optional.empty();
        }
        check(reply, false);
        return Optional.of(user(reply.object()));
    }

    @Override
    public List<User> listUsers(String appId, String startingAfter, int limit) {
        String query = "?limit=" + limit + (startingAfter == null ? "" : "&startingAfter=" + RestFixture.encode(startingAfter));
        RestFixture.Reply reply = call(appId, "GET", "/users" + query, null);
        check(reply, false);
        List<User> users = new ArrayList<>();
        for (Object item : (List<?>) reply.get("data")) {
            users.add(user(cast(item)));
        }
        return users;
    }

    @Override
    public User deactivateUser(String appId, String userId) {
        check(call(appId, "POST", "/users/" + RestFixture.encode(userId) + "/deactivate", Map.of()), false);
        return findUser(appId, userId).orElseThrow();
    }

    @Override
    public User reactivateUser(String appId, String userId) {
        check(call(appId, "POST", "/users/" + RestFixture.encode(userId) + "/reactivate", Map.of()), false);
        return findUser(appId, userId).orElseThrow();
    }

    @Override
    public User revokeUserTokens(String appId, String userId, Long before) {
        check(call(appId, "POST", "/users/" + RestFixture.encode(userId) + "/revokeTokens",
                before == null ? Map.of() : Map.of("before", before)), false);
        return findUser(appId, userId).orElseThrow();
    }

    private RestFixture.Reply call(String appId, String method, String path, Object body) {
        String text = body == null ? null : new String(Json.write(body), StandardCharsets.UTF_8);
        return server.send(method, "/v1/" + RestFixture.encode(appId) + path, text,
                "Authorization", "Bearer " + secretOf.apply(appId), "Content-Type", "application/json");
    }

    private static void check(RestFixture.Reply reply, boolean batch) {
        if (reply.status() == 200) {
            return;
        }
        Map<String, Object> body = reply.object();
        if (reply.status() == 400 && batch && !body.containsKey("errorCode")) {
            Map<String, Violations> items = new LinkedHashMap<>();
            body.forEach((id, errors) -> items.put(id, violations(cast(errors))));
            throw RosterException.invalidItems("invalid batch", items);
        }
        ErrorCode code = ErrorCode.valueOf((String) body.get("errorCode"));
        String message = (String) body.get("message");
        if (body.get("errors") instanceof Map<?, ?> errors) {
            throw RosterException.invalid(message, violations(cast(errors)));
        }
        throw RosterException.of(code, message);
    }

    private static Violations violations(Map<String, Object> errors) {
        Violations.Builder builder = new Violations.Builder();
        errors.forEach((field, messages) -> ((List<?>) messages).forEach(m -> builder.add(field, (String) m)));
        return builder.build();
    }

    private static Map<String, Object> json(UserPatch patch) {
        Map<String, Object> json = new HashMap<>();
        put(json, "name", patch.name());
        put(json, "email", patch.email());
        put(json, "phone", patch.phone());
        put(json, "photoUrl", patch.photoUrl());
        put(json, "welcomeMessage", patch.welcomeMessage());
        put(json, "role", patch.role());
        put(json, "locale", patch.locale());
        put(json, "availabilityText", patch.availabilityText());
        put(json, "custom", patch.custom().map(RestUserDirectory::keyPatch));
        put(json, "pushTokens", patch.pushTokens().map(RestUserDirectory::keyPatch));
        return json;
    }

    private static void put(Map<String, Object> json, String field, FieldPatch<?> patch) {
        if (patch instanceof FieldPatch.SetTo<?> set) {
            json.put(field, set.value());
        } else if (patch instanceof FieldPatch.Reset) {
            json.put(field, null);
        }
    }

    private static Map<String, Object> keyPatch(KeyPatch<?> patch) {
        Map<String, Object> json = new HashMap<>(patch.put());
        patch.remove().forEach(key -> json.put(key, null));
        return json;
    }

    private static User user(Map<String, Object> json) {
        Map<String, String> custom = cast(json.get("custom"));
        Map<String, Object> tokens = json.get("pushTokens") == null ? Map.of() : cast(json.get("pushTokens"));
        return new User((String) json.get("id"), (String) json.get("name"), list(json.get("email")),
                list(json.get("phone")), (String) json.get("photoUrl"), (String) json.get("welcomeMessage"),
                (String) json.get("role"), (String) json.get("locale"), new TreeMap<>(custom),
                new TreeSet<>(tokens.keySet()), (String) json.get("availabilityText"),
                ((Number) json.get("createdAt")).longValue(), millis(json.get("deactivatedAt")),
                millis(json.get("tokensRevokedBefore")));
    }

    private static Long millis(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static List<String> list(Object value) {
        return value == null ? List.of() : cast(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
