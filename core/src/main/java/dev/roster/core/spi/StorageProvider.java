package dev.roster.core.spi;

import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.Violations;

import java.util.ServiceLoader;

/**
 * Opens a {@link Storage} from a URL such as {@code jdbc:h2:./roster-data/roster},
 * {@code mongodb://host/db} or {@code memory:}. Registered with {@link java.util.ServiceLoader},
 * so callers find engines without importing them.
 */
public interface StorageProvider {

    /**
     * Whether this provider opens URLs of this form.
     *
     * @param url a store URL
     * @return true when {@link #open(String)} is this provider's to do
     */
    boolean accepts(String url);

    /**
     * Opens the store, creating or migrating its schema when needed.
     *
     * @param url a store URL this provider {@link #accepts(String) accepts}
     * @return the open store; the caller closes it
     * @throws dev.roster.core.domain.RosterException if the store cannot be opened
     */
    Storage open(String url);

    /**
     * Opens {@code url} with the first provider on the class path that accepts it; the caller
     * closes the store.
     *
     * @param url the store's URL, such as {@code jdbc:postgresql://db/app} or {@code memory:}
     * @return the open store
     * @throws RosterException {@code INVALID_ARGUMENT} naming {@code store} when no provider accepts
     *                         the URL, or what the provider throws when it cannot open the store
     */
    static Storage openUrl(String url) {
        for (StorageProvider provider : ServiceLoader.load(StorageProvider.class)) {
            if (provider.accepts(url)) {
                return provider.open(url);
            }
        }
        throw RosterException.invalid("No storage engine on the class path accepts " + url,
                Violations.of("store", "No storage engine on the class path accepts this URL."));
    }
}
