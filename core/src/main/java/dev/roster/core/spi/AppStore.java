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
     * Creates the app or replaces the one with the same id.
     *
     * @param app the app to store
     */
    void save(App app);

    /** {@return every app, by id} */
    List<App> all();
}
