package dev.roster.core.spi;

import java.util.Set;

/**
 * One storage engine's implementation of every port. Opened by a {@link StorageProvider} or built
 * directly; closed by whoever opened it.
 */
public interface Storage extends AutoCloseable {

    /** The apps. */
    AppStore apps();

    /** The users. */
    UserStore users();

    /** Who is online. */
    PresenceStore presence();

    /** The change log that every write appends to. */
    ChangeLog changes();

    /** The guarantees this store gives beyond the contract every store meets. */
    Set<Capability> capabilities();

    /** Releases connections and threads; idempotent. */
    @Override
    void close();
}
