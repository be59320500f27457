package dev.roster.jdbc;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * Gives a test class a fresh, migrated database of its own and a {@link JdbcStorage} on it, opened
 * before its first test and dropped after its last (Jdbi's {@code JdbiExtension} is the model).
 */
final class JdbcStoreExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<TestDatabase> databases;
    private TestDatabase database;
    private JdbcStorage storage;
    private int depth;

    private JdbcStoreExtension(Supplier<TestDatabase> databases) {
        this.databases = databases;
    }

    /** A store on a database from {@code databases}, e.g. {@code TestDatabase::h2}. */
    static JdbcStoreExtension of(Supplier<TestDatabase> databases) {
        return new JdbcStoreExtension(databases);
    }

    /** Opens the store for the test class; its nested classes, which run these callbacks too, share it. */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ == 0) {
            database = databases.get();
            storage = JdbcStorage.open(database.url());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth > 0) {
            return;
        }
        if (storage != null) {
            storage.close();
        }
        if (database != null) {
            database.close();
        }
    }

    JdbcStorage storage() {
        return storage;
    }

    TestDatabase database() {
        return database;
    }
}
