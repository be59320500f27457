package dev.roster.http.internal;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.JsonType;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.domain.Violations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The users endpoints of seed 004, plus Roster's erase call. */
public final class UserEndpoints {

    /** The name an erased user gets unless the call names another. */
    public static final String ERASED_NAME = "Deleted user";

    private final Roster roster;

    /** Endpoints over {@code roster}. */
    public UserEndpoints(Roster roster) {
        this.roster = roster;
    }

    /** Adds the routes to {@code router}. */
    public void register(Router router) {
        router.add("PUT", "/v1/{appId}/users/{userId}", this::put)
                .add("GET", "/v1/{appId}/users/{userId}", this::get)
                .add("PUT", "/v1/{appId}/users", this::putBatch)
                .add("GET", "/v1/{appId}/users", this::list)
                .add("POST", "/v1/{appId}/users/{userId}/erase", this::erase)
                .add("GET", "/v1/{appId}/users/{userId}/sessions", this::sessions)
                .add("POST", "/v1/{appId}/presences", this::presences);
    }

    private Object put(Call call) {
        call.noQuery();
        String userId = call.path("userId");
        UserPatch patch = UserPatch.fromJson(call.objectBody(), userId, false);
        roster.upsertUser(call.appId(), userId, patch);
        return Map.of();
    }

    private Object get(Call call) {
        call.noQuery();
        String userId = call.path("userId");
        User user = roster.findUser(call.appId(), userId)
                .orElseThrow(() -> ApiError.notFound("There is no user with id " + userId + "."));
        return UserJson.of(user);
    }

    private Object putBatch(Call call) {
        call.noQuery();
        Map<String, Object> body = call.objectBody();
        if (body.size() > Roster.MAX_BATCH) {
            throw ApiError.invalid(Violations.WHOLE, "At most " + Roster.MAX_BATCH + " users per call; got " + body.size()
                    + ". Nothing was written.");
        }
        Map<String, UserPatch> patches = new LinkedHashMap<>();
        Map<String, Violations> invalid = new LinkedHashMap<>();
        body.forEach((userId, value) -> {
            if (!(value instanceof Map<?, ?>)) {
                invalid.put(userId, Violations.of(Violations.WHOLE, JsonType.mismatch("an object", value)));
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) value;
            try {
                patches.put(userId, UserPatch.fromJson(json, userId, true));
            } catch (RosterException e) {
                invalid.put(userId, e.violations());
            }
        });
        if (!invalid.isEmpty()) {
            throw ApiError.invalidItems("Invalid users: " + invalid.keySet(), invalid);
        }
        roster.upsertUsers(call.appId(), patches);
        return Map.of();
    }

    private Object list(Call call) {
        QueryParameters parameters = call.query(Set.of("limit", "startingAfter", "isOnline", "filter", "orderBy",
                "orderDirection"));
        Object filter = parameters.has("filter") ? Json.parseParameter("filter", parameters.text("filter")) : null;
        UserQuery query = UserQuery.fromParameters(parameters, filter);
        List<Object> users = roster.listUsers(call.appId(), query).stream().map(user -> (Object) UserJson.of(user)).toList();
        return Map.of("data", users);
    }

    private Object sessions(Call call) {
        call.noQuery();
        return roster.presence().sessions(call.appId(), call.path("userId")).stream()
                .map(session -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", session.sessionId());
                    json.put("userId", session.userId());
                    json.put("startedAt", session.startedAt());
                    json.put("expiresAt", session.expiresAt());
                    return (Object) json;
                })
                .toList();
    }

    private Object presences(Call call) {
        call.noQuery();
        Map<String, Object> body = call.optionalObjectBody();
        Map<String, Object> data = new LinkedHashMap<>();
        Object ids = body == null ? null : body.get("userIds");
        if (body != null) {
            body.keySet().stream().filter(k -> !k.equals("userIds")).findFirst().ifPresent(k -> {
                throw ApiError.invalid(k, "Unknown property; expected only userIds.");
            });
        }
        if (ids == null) {
            String after = null;
            List<User> page;
            do {
                page = roster.presence().users(call.appId(), after, Roster.MAX_LIMIT, true);
                page.forEach(user -> data.put(user.id(), Map.of("status", "online")));
                after = page.isEmpty() ? after : page.get(page.size() - 1).id();
            } while (page.size() == Roster.MAX_LIMIT);
            return Map.of("data", data);
        }
        List<String> userIds = stringList("userIds", ids);
        Set<String> online = roster.presence().online(call.appId(), userIds);
        userIds.forEach(id -> data.put(id, Map.of("status", online.contains(id) ? "online" : "offline")));
        return Map.of("data", data);
    }

    private static List<String> stringList(String field, Object value) {
        if (!(value instanceof List<?> list)) {
            throw ApiError.invalid(field, JsonType.mismatch("an array of user ids", value));
        }
        if (list.size() > Roster.MAX_LIMIT) {
            throw ApiError.invalid(field, "At most " + Roster.MAX_LIMIT + " user ids; got " + list.size() + ".");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String)) {
                throw ApiError.invalid(field + "[" + i + "]", JsonType.mismatch("a string", list.get(i)));
            }
        }
        return list.stream().map(String.class::cast).toList();
    }

    private Object erase(Call call) {
        call.noQuery();
        String userId = call.path("userId");
        Map<String, Object> body = call.optionalObjectBody();
        String name = ERASED_NAME;
        if (body != null) {
            for (Map.Entry<String, Object> field : body.entrySet()) {
                if (!field.getKey().equals("name")) {
                    throw ApiError.invalid(field.getKey(), "Unknown property; the erase call takes only name.");
                }
                if (!(field.getValue() instanceof String s) || s.isEmpty()) {
                    throw ApiError.invalid("name", JsonType.mismatch("a non-empty string", field.getValue()));
                }
                name = s;
            }
        }
        return UserJson.of(roster.eraseUser(call.appId(), userId, name));
    }
}
