package dev.roster.spring;

import dev.roster.core.spi.Storage;

/**
 * Wraps the {@link Storage} that the auto-configured {@link dev.roster.core.api.Roster} uses, for
 * example to time its calls. Every bean of this type is applied, in {@code @Order}; the store's
 * lifecycle stays with the {@code Storage} bean.
 */
@FunctionalInterface
public interface RosterStorageDecorator {

    /**
     * The store Roster should use instead of {@code storage}, usually delegating to it.
     *
     * @param storage the store built so far
     * @return the store to use
     */
    Storage decorate(Storage storage);
}
