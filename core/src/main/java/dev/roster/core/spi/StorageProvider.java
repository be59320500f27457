package dev.roster.core.spi;

/**
 * Opens a {@link Storage} from a URL such as {@code jdbc:h2:./roster-data/roster},
 * {@code mongodb://host/db} or {@code memory:}. Registered with {@link java.util.ServiceLoader},
 * so callers find engines without importing them.
 */
public interface StorageProvider {

    /** Whether this provider opens URLs of this form. */
    boolean accepts(String url);

    /**
     * Opens the store, creating or migrating its schema when needed.
     *
     * @throws dev.roster.core.domain.RosterException if the store cannot be opened
     */
    Storage open(String url);
}
