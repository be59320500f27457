package dev.roster.jdbc;

import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;

/**
 * Opens a {@link JdbcStorage} for {@code jdbc:h2:}, {@code jdbc:postgresql:} and
 * {@code jdbc:mariadb:} URLs, with auto-migration on; registered for {@link java.util.ServiceLoader}.
 */
public final class JdbcStorageProvider implements StorageProvider {

    @Override
    public boolean accepts(String url) {
        for (Dialect dialect : Dialect.values()) {
            if (dialect.accepts(url)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Storage open(String url) {
        return JdbcStorage.open(url);
    }
}
