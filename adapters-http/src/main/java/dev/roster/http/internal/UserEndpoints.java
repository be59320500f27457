package dev.roster.http.internal;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.JsonType;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.domain.Violations;
import dev.roster.http.HttpResponse;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The users endpoints of seed 004, plus Roster's erase, sessions and export calls and the user lifecycle (SPEC §10). */
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
                .add("POST", "/v1/{appId}/users/{userId}/deactivate", this::deactivate)
                .add("POST", "/v1/{appId}/users/{userId}/reactivate", this::reactivate)
                .add("POST", "/v1/{appId}/users/{userId}/revokeTokens", this::revokeTokens)
                .add("GET", "/v1/{appId}/users/{userId}/sessions", this::sessions)
                .add("GET", "/v1/{appId}/users/{userId}/export", this::export)
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
        return UserJson.of(user, lifecycle(call.appId(), user.id()));
    }

    private UserLifecycle lifecycle(String appId, String userId) {
        return roster.lifecycles(appId, List.of(userId)).getOrDefault(userId, UserLifecycle.NONE);
    }

    /**
     * The user's export, streamed. The user is looked up first, so an unknown one is a plain 404;
     * after the headers a store failure can only cut the body off (logged by {@link UserExportJson}).
     */
    private Object export(Call call) {
        call.noQuery();
        String appId = call.appId();
        String userId = call.path("userId");
        if (roster.findUser(appId, userId).isEmpty()) {
            throw ApiError.notFound("There is no user with id " + userId + ".");
        }
        // Private data: no shared cache may keep it.
        return HttpResponse.streamed(200, "application/json; charset=utf-8",
                out -> UserExportJson.write(roster, appId, userId, out)).withHeader("Cache-Control", "no-store");
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
        List<User> page = roster.listUsers(call.appId(), query);
        Map<String, UserLifecycle> lifecycles = roster.lifecycles(call.appId(), page.stream().map(User::id).toList());
        List<Object> users = page.stream()
                .map(user -> (Object) UserJson.of(user, lifecycles.getOrDefault(user.id(), UserLifecycle.NONE)))
                .toList();
        return Map.of("data", users);
    }

    private Object deactivate(Call call) {
        call.noQuery();
        emptyBody(call, "The deactivate call");
        roster.deactivateUser(call.appId(), call.path("userId"));
        return Map.of();
    }

    private Object reactivate(Call call) {
        call.noQuery();
        emptyBody(call, "The reactivate call");
        roster.reactivateUser(call.appId(), call.path("userId"));
        return Map.of();
    }

    private Object revokeTokens(Call call) {
        call.noQuery();
        roster.revokeUserTokens(call.appId(), call.path("userId"), revocationTime(call));
        return Map.of();
    }

    /** Checks that the body is empty or {@code {}}. */
    private static void emptyBody(Call call, String what) {
        Map<String, Object> body = call.optionalObjectBody();
        if (body != null && !body.isEmpty()) {
            throw ApiError.invalid(body.keySet().iterator().next(), "Unknown property; " + what + " takes none.");
        }
    }

    /**
     * The {@code before} of a revokeTokens body ({@code {}}, empty, or {@code {"before": ms}}), or
     * null for now.
     *
     * @throws ApiError 400 naming {@code before} when it is not a whole number of milliseconds, or
     *                  naming an unknown property
     */
    static Long revocationTime(Call call) {
        Map<String, Object> body = call.optionalObjectBody();
        if (body == null) {
            return null;
        }
        Long before = null;
        for (Map.Entry<String, Object> field : body.entrySet()) {
            if (!field.getKey().equals("before")) {
                throw ApiError.invalid(field.getKey(), "Unknown property; the revokeTokens call takes only before.");
            }
            before = millis("before", field.getValue());
        }
        return before;
    }

    private static long millis(String field, Object value) {
        String expected = "a time in Unix milliseconds (a whole number, not negative)";
        if (!(value instanceof Number number)) {
            throw ApiError.invalid(field, JsonType.mismatch(expected, value));
        }
        BigDecimal decimal = new BigDecimal(number.toString());
        if (decimal.signum() < 0 || decimal.stripTrailingZeros().scale() > 0
                || decimal.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw ApiError.invalid(field, "Expected " + expected + ", got " + number + ".");
        }
        return decimal.longValueExact();
    }

    private Object sessions(Call call) {
        call.noQuery();
        return roster.presence().sessions(call.appId(), call.path("userId")).stream()
                .map(session -> (Object) UserExportJson.session(session))
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
        return UserJson.of(roster.eraseUser(call.appId(), userId, name), lifecycle(call.appId(), userId));
    }
}
