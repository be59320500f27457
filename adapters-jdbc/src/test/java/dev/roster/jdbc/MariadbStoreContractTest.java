package dev.roster.jdbc;

import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The contract suite and the SQL-specific tests on a fresh MariaDB database of its own. */
@EnabledIfEnvironmentVariable(named = TestDatabase.MARIADB_ENV, matches = ".+")
class MariadbStoreContractTest extends JdbcStoreContract {

    private static TestDatabase database;
    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        database = TestDatabase.mariadb();
        storage = JdbcStorage.open(database.url());
    }

    @AfterAll
    static void close() {
        if (storage != null) {
            storage.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected Storage storage() {
        return storage;
    }

    @Override
    protected TestDatabase database() {
        return database;
    }
}
