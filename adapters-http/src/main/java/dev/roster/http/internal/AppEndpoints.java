package dev.roster.http.internal;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.JsonType;
import dev.roster.core.domain.RateLimit;
import dev.roster.core.domain.RateLimits;

import java.math.BigDecimal;
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
                .add("PUT", "/v1/{appId}/settings", this::put)
                .add("POST", "/v1/{appId}/revokeTokens", this::revokeTokens);
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
                case "defaultLocale" -> settings = settings.withDefaultLocale(locale(value));
                case "rateLimits" -> settings = settings.withRateLimits(rateLimits(settings.rateLimits(), value));
                case "legacySignatures" -> settings = settings.withLegacySignatures(value == null
                        || bool(name, value));
                default -> throw ApiError.invalid(name, "Unknown property; expected clientUserSync, "
                        + "clientConversationSync, defaultLocale, rateLimits or legacySignatures.");
            }
        }
        roster.saveApp(app.withSettings(settings));
        return json(settings);
    }

    private Object revokeTokens(Call call) {
        call.noQuery();
        roster.revokeTokens(call.appId(), UserEndpoints.revocationTime(call));
        return Map.of();
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

    /** {@code limits} with the budgets {@code value} names replaced; null resets both to the defaults. */
    private static RateLimits rateLimits(RateLimits limits, Object value) {
        if (value == null) {
            return RateLimits.DEFAULTS;
        }
        RateLimit trusted = limits.trusted();
        RateLimit browser = limits.browser();
        for (Map.Entry<String, Object> field : object("rateLimits", value).entrySet()) {
            String name = "rateLimits." + field.getKey();
            switch (field.getKey()) {
                case "trusted" -> trusted = rateLimit(name, trusted, RateLimits.DEFAULTS.trusted(), field.getValue());
                case "browser" -> browser = rateLimit(name, browser, RateLimits.DEFAULTS.browser(), field.getValue());
                default -> throw ApiError.invalid(name, "Unknown property; expected trusted or browser.");
            }
        }
        return new RateLimits(trusted, browser);
    }

    /** {@code limit} with the fields {@code value} gives replaced; null resets it to {@code defaults}. */
    private static RateLimit rateLimit(String name, RateLimit limit, RateLimit defaults, Object value) {
        if (value == null) {
            return defaults;
        }
        int perSecond = limit.perSecond();
        int burst = limit.burst();
        for (Map.Entry<String, Object> field : object(name, value).entrySet()) {
            String fieldName = name + "." + field.getKey();
            switch (field.getKey()) {
                case "perSecond" -> perSecond = budget(fieldName, field.getValue());
                case "burst" -> burst = budget(fieldName, field.getValue());
                default -> throw ApiError.invalid(fieldName, "Unknown property; expected perSecond or burst.");
            }
        }
        return new RateLimit(perSecond, burst);
    }

    private static int budget(String name, Object value) {
        String expected = "a whole number from 1 to " + RateLimit.MAX;
        if (!(value instanceof Number number)) {
            throw ApiError.invalid(name, JsonType.mismatch(expected, value));
        }
        BigDecimal decimal = new BigDecimal(number.toString());
        if (decimal.signum() <= 0 || decimal.compareTo(BigDecimal.valueOf(RateLimit.MAX)) > 0
                || decimal.stripTrailingZeros().scale() > 0) {
            throw ApiError.invalid(name, "Expected " + expected + ", got " + number + ".");
        }
        return decimal.intValueExact();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String name, Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw ApiError.invalid(name, JsonType.mismatch("an object or null", value));
    }

    private static Map<String, Object> json(RateLimit limit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("perSecond", limit.perSecond());
        json.put("burst", limit.burst());
        return json;
    }

    private static Map<String, Object> json(AppSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clientUserSync", settings.clientUserSync());
        json.put("clientConversationSync", settings.clientConversationSync());
        json.put("defaultLocale", settings.defaultLocale());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("trusted", json(settings.rateLimits().trusted()));
        limits.put("browser", json(settings.rateLimits().browser()));
        json.put("rateLimits", limits);
        json.put("legacySignatures", settings.legacySignatures());
        return json;
    }
}
