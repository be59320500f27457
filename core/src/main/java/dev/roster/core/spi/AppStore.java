package dev.roster.core.spi;

import dev.roster.core.domain.App;

import java.util.List;
import java.util.Optional;

/** Stores apps (tenants) with their keys and settings. */
public interface AppStore {

    /** The app with this id, if any. */
    Optional<App> find(String appId);

    /** Creates the app or replaces the one with the same id. */
    void save(App app);

    /** Every app, by id. */
    List<App> all();
}
