package dev.roster.http.internal;

import dev.roster.core.domain.UserOnlineSnapshot;
import dev.roster.core.domain.UserSnapshot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire shape of what a browser sees of a user: the public snapshot only. It has no place for
 * email, phone or push tokens, so no browser-facing response can carry them.
 */
public final class ClientJson {

    private ClientJson() {
    }

    /** The public snapshot as JSON, or null for no user. */
    public static Map<String, Object> of(UserSnapshot user) {
        if (user == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("name", user.name());
        json.put("photoUrl", user.photoUrl());
        json.put("welcomeMessage", user.welcomeMessage());
        json.put("role", user.role());
        json.put("locale", user.locale());
        json.put("custom", new java.util.TreeMap<>(user.custom()));
        json.put("availabilityText", user.availabilityText());
        json.put("createdAt", user.createdAt());
        return json;
    }

    /** {@code {"user": <public snapshot>, "isConnected": …}}, or null for no user. */
    public static Map<String, Object> of(UserOnlineSnapshot snapshot) {
        if (snapshot == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user", of(snapshot.user()));
        json.put("isConnected", snapshot.isConnected());
        return json;
    }
}
