package dev.roster.core.domain;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one app.
 *
 * @param clientUserSync         whether signed-in browser users may create and update users
 * @param clientConversationSync whether signed-in browser users may create and change conversations
 * @param defaultLocale          the locale of users without one, an IETF language tag, or null
 * @param roles                  the role names with settings of their own; always holds
 *                               {@value User#DEFAULT_ROLE}
 * @param rateLimits             the request budgets of the app's trusted and browser APIs
 * @param legacySignatures       whether browsers may sign in with the legacy signature (the hex
 *                               HMAC-SHA256 of the user id), which cannot be revoked one by one;
 *                               on by default
 */
public record AppSettings(boolean clientUserSync, boolean clientConversationSync, String defaultLocale,
                          Set<String> roles, RateLimits rateLimits, boolean legacySignatures) {

    /**
     * Adds {@value User#DEFAULT_ROLE} to the roles when missing.
     *
     * @param clientUserSync         whether signed-in browser users may create and update users
     * @param clientConversationSync whether signed-in browser users may create and change conversations
     * @param defaultLocale          the locale of users without one, an IETF language tag, or null
     * @param roles                  the role names with settings of their own
     * @param rateLimits             the request budgets of the app's trusted and browser APIs
     * @param legacySignatures       whether browsers may sign in with the legacy signature
     * @throws NullPointerException if {@code roles} or {@code rateLimits} is null
     */
    public AppSettings {
        Objects.requireNonNull(rateLimits, "rateLimits");
        TreeSet<String> withDefault = new TreeSet<>(Objects.requireNonNull(roles, "roles"));
        withDefault.add(User.DEFAULT_ROLE);
        roles = Collections.unmodifiableSortedSet(withDefault);
    }

    /**
     * Settings that accept the legacy signature.
     *
     * @param clientUserSync         whether signed-in browser users may create and update users
     * @param clientConversationSync whether signed-in browser users may create and change conversations
     * @param defaultLocale          the locale of users without one, an IETF language tag, or null
     * @param roles                  the role names with settings of their own
     * @param rateLimits             the request budgets of the app's trusted and browser APIs
     * @throws NullPointerException if {@code roles} or {@code rateLimits} is null
     */
    public AppSettings(boolean clientUserSync, boolean clientConversationSync, String defaultLocale,
                       Set<String> roles, RateLimits rateLimits) {
        this(clientUserSync, clientConversationSync, defaultLocale, roles, rateLimits, true);
    }

    /**
     * {@return both sync settings on, no default locale, only the default role, the
     * {@link RateLimits#DEFAULTS default budgets}, the legacy signature accepted: a new app's settings}
     */
    public static AppSettings defaults() {
        return new AppSettings(true, true, null, Set.of(), RateLimits.DEFAULTS, true);
    }

    /**
     * These settings with client user sync switched.
     *
     * @param enabled whether client user sync is on
     * @return a copy of these settings with that value
     */
    public AppSettings withClientUserSync(boolean enabled) {
        return new AppSettings(enabled, clientConversationSync, defaultLocale, roles, rateLimits, legacySignatures);
    }

    /**
     * These settings with client conversation sync switched.
     *
     * @param enabled whether client conversation sync is on
     * @return a copy of these settings with that value
     */
    public AppSettings withClientConversationSync(boolean enabled) {
        return new AppSettings(clientUserSync, enabled, defaultLocale, roles, rateLimits, legacySignatures);
    }

    /**
     * These settings with another default locale.
     *
     * @param locale the locale of users without one, an IETF language tag, or null
     * @return a copy of these settings with that value
     */
    public AppSettings withDefaultLocale(String locale) {
        return new AppSettings(clientUserSync, clientConversationSync, locale, roles, rateLimits, legacySignatures);
    }

    /**
     * These settings with other request budgets.
     *
     * @param limits the budgets
     * @return a copy of these settings with those budgets
     */
    public AppSettings withRateLimits(RateLimits limits) {
        return new AppSettings(clientUserSync, clientConversationSync, defaultLocale, roles, limits, legacySignatures);
    }

    /**
     * These settings with the legacy signature accepted or refused.
     *
     * @param accepted whether browsers may sign in with the legacy signature
     * @return a copy of these settings with that value
     */
    public AppSettings withLegacySignatures(boolean accepted) {
        return new AppSettings(clientUserSync, clientConversationSync, defaultLocale, roles, rateLimits, accepted);
    }
}
