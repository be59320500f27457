package dev.roster.core.internal.memory;

import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;

/** Opens a fresh {@link MemoryStorage} for the URL {@code memory:} (anything after the colon is ignored). */
public final class MemoryStorageProvider implements StorageProvider {

    @Override
    public boolean accepts(String url) {
        return url.startsWith("memory:");
    }

    @Override
    public Storage open(String url) {
        return new MemoryStorage();
    }
}
