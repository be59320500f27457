package dev.roster.core.spi;

import dev.roster.core.domain.App;

import java.util.List;
import java.util.Optional;

/** Stores apps (tenants) with their keys and settings. */
public interface AppStore {

    /**
     * The app with this id, if any.
     *
     * @param appId the app id
     * @return the app, or empty
     */
    Optional<App> find(String appId);

    /**
     * Creates the app or replaces the one with the same id. Leaves the app's token revocation
     * ({@link #revokeTokens}) as it is.
     *
     * @param app the app to store
     */
    void save(App app);

    /**
     * Refuses every user token of the app issued before {@code before} (SPEC §10): stores the later
     * of {@code before} and the time stored already, in one atomic write of the app's own record.
     * Does nothing for an unknown app.
     *
     * @param appId  the app
     * @param before the time before which tokens are refused, Unix milliseconds
     */
    void revokeTokens(String appId, long before);

    /**
     * The time before which the app's user tokens are refused. One round trip.
     *
     * @param appId the app
     * @return the time in Unix milliseconds, or empty when none was revoked (or there is no such app)
     */
    Optional<Long> tokensRevokedBefore(String appId);

    /** {@return every app, by id} */
    List<App> all();
}
