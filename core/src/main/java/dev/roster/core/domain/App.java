package dev.roster.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * An app: a tenant with its own users and conversations, a secret key for trusted calls and
 * settings. Nothing of one app is visible through another.
 *
 * @param id        the app id, used in every REST path; same rules as a user id
 * @param secretKey the secret key for trusted calls and for signing tokens
 * @param settings  the app's settings
 */
public record App(String id, String secretKey, AppSettings settings) {

    /** The shortest secret key accepted. */
    public static final int MIN_SECRET_LENGTH = 16;

    /**
     * Checks the id and the key.
     *
     * @param id        the app id
     * @param secretKey the secret key, at least {@value #MIN_SECRET_LENGTH} characters
     * @param settings  the app's settings
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} if the id or the key is unusable
     */
    public App {
        Objects.requireNonNull(settings, "settings");
        Violations.Builder problems = new Violations.Builder();
        List<String> idProblems = User.idProblems(id);
        idProblems.forEach(p -> problems.add("id", p.replace("user id", "app id")));
        if (secretKey == null || secretKey.length() < MIN_SECRET_LENGTH) {
            problems.add("secretKey", "The secret key must be at least " + MIN_SECRET_LENGTH + " characters long.");
        }
        problems.build().throwIfAny("The app");
    }

    /**
     * This app with other settings.
     *
     * @param newSettings the settings to use instead
     * @return a copy of this app with {@code newSettings}
     */
    public App withSettings(AppSettings newSettings) {
        return new App(id, secretKey, newSettings);
    }
}
