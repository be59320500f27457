package dev.roster.http.internal;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire shape of a user for trusted callers (seed 004): every field, private ones included,
 * and the lifecycle's {@code lastActiveAt} (SPEC §10), which browser views never show.
 */
public final class UserJson {

    private UserJson() {
    }

    /**
     * The user as TalkJS's REST API returns it: {@code email} and {@code phone} as arrays or null,
     * {@code pushTokens} as {@code {"fcm:…": true}} or null when none; plus Roster's lifecycle fields
     * {@code deactivated}, {@code deactivatedAt}, {@code tokensRevokedBefore} and {@code lastActiveAt}
     * (ms, or null for never) (SPEC §10).
     */
    public static Map<String, Object> of(User user, UserLifecycle lifecycle) {
        Map<String, Object> json = of(user);
        json.put("lastActiveAt", lifecycle.lastActiveAt());
        return json;
    }

    /**
     * The user as written, without {@code lastActiveAt}, which activity writes outside the user's
     * versions: the form of a user in a change-feed event (SPEC §11).
     */
    public static Map<String, Object> of(User user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("name", user.name());
        json.put("email", orNull(user.email()));
        json.put("phone", orNull(user.phone()));
        json.put("photoUrl", user.photoUrl());
        json.put("welcomeMessage", user.welcomeMessage());
        json.put("role", user.role());
        json.put("locale", user.locale());
        json.put("custom", user.custom());
        Map<String, Boolean> tokens = new LinkedHashMap<>();
        user.pushTokens().forEach(token -> tokens.put(token, Boolean.TRUE));
        json.put("pushTokens", tokens.isEmpty() ? null : tokens);
        json.put("availabilityText", user.availabilityText());
        json.put("createdAt", user.createdAt());
        json.put("deactivated", user.deactivated());
        json.put("deactivatedAt", user.deactivatedAt());
        json.put("tokensRevokedBefore", user.tokensRevokedBefore());
        return json;
    }

    private static List<String> orNull(List<String> values) {
        return values.isEmpty() ? null : values;
    }
}
