package dev.roster.mongo;

import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;

/**
 * Opens a {@link MongoStorage} for {@code mongodb://…} and {@code mongodb+srv://…} URLs; found
 * through {@link java.util.ServiceLoader}.
 */
public final class MongoStorageProvider implements StorageProvider {

    @Override
    public boolean accepts(String url) {
        return url.startsWith("mongodb://") || url.startsWith("mongodb+srv://");
    }

    @Override
    public Storage open(String url) {
        return MongoStorage.open(url);
    }
}
