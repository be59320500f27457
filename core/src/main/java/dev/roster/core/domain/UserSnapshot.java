package dev.roster.core.domain;

import java.util.Map;
import java.util.Objects;

/**
 * The public view of a user at one moment: what the Data API and browsers see. It cannot hold a
 * private field (email, phone, push tokens). Immutable; Roster hands out the same instance while
 * the public fields stay the same, so {@code old != new} means "something visible changed".
 *
 * @param id               the user id
 * @param name             the display name
 * @param custom           custom data (an immutable copy, in no particular order)
 * @param locale           an IETF language tag, or null for the app's default
 * @param photoUrl         the avatar URL, or null
 * @param role             the role name, never null ({@code "default"} unless set)
 * @param welcomeMessage   the welcome message, or null
 * @param availabilityText the availability text, or null
 * @param createdAt        when the user was created, Unix milliseconds
 */
public record UserSnapshot(String id, String name, Map<String, String> custom, String locale,
                           String photoUrl, String role, String welcomeMessage,
                           String availabilityText, long createdAt) {

    /**
     * Copies the custom data.
     *
     * @param id               the user id
     * @param name             the display name
     * @param custom           custom data
     * @param locale           an IETF language tag, or null
     * @param photoUrl         the avatar URL, or null
     * @param role             the role name
     * @param welcomeMessage   the welcome message, or null
     * @param availabilityText the availability text, or null
     * @param createdAt        when the user was created, Unix milliseconds
     * @throws NullPointerException if id, name, custom or role is null
     */
    public UserSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        custom = Map.copyOf(custom);
    }
}
