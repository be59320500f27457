package dev.roster.http.internal;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.JsonType;

import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The app's settings over the trusted API: {@code GET} and {@code PUT /v1/{appId}/settings}. A
 * change is seen at once by this process and within the app cache's lifetime (5 s by default) by
 * other processes over the same store.
 */
public final class AppEndpoints {

    private final Roster roster;

    /** Endpoints over {@code roster}. */
    public AppEndpoints(Roster roster) {
        this.roster = roster;
    }

    /** Adds the routes to {@code router}. */
    public void register(Router router) {
        router.add("GET", "/v1/{appId}/settings", this::get)
                .add("PUT", "/v1/{appId}/settings", this::put);
    }

    private Object get(Call call) {
        call.noQuery();
        return json(roster.app(call.appId()).settings());
    }

    private Object put(Call call) {
        call.noQuery();
        Map<String, Object> body = call.objectBody();
        App app = roster.app(call.appId());
        AppSettings settings = app.settings();
        for (Map.Entry<String, Object> field : body.entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            switch (name) {
                case "clientUserSync" -> settings = settings.withClientUserSync(bool(name, value));
                case "clientConversationSync" -> settings = settings.withClientConversationSync(bool(name, value));
                case "defaultLocale" -> settings = new AppSettings(settings.clientUserSync(),
                        settings.clientConversationSync(), locale(value), settings.roles());
                default -> throw ApiError.invalid(name,
                        "Unknown property; expected clientUserSync, clientConversationSync or defaultLocale.");
            }
        }
        roster.saveApp(app.withSettings(settings));
        return json(settings);
    }

    private static boolean bool(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw ApiError.invalid(name, JsonType.mismatch("a boolean", value));
    }

    private static String locale(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String tag)) {
            throw ApiError.invalid("defaultLocale", JsonType.mismatch("a string or null", value));
        }
        try {
            new Locale.Builder().setLanguageTag(tag);
            return tag;
        } catch (IllformedLocaleException e) {
            throw ApiError.invalid("defaultLocale", "Not a well-formed IETF language tag: \"" + tag + "\".");
        }
    }

    private static Map<String, Object> json(AppSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clientUserSync", settings.clientUserSync());
        json.put("clientConversationSync", settings.clientConversationSync());
        json.put("defaultLocale", settings.defaultLocale());
        return json;
    }
}
