package dev.roster.jdbc;

import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract suite and the SQL-specific tests on a fresh MariaDB database of its own. */
@EnabledIfEnvironmentVariable(named = TestDatabase.MARIADB_ENV, matches = ".+")
class MariadbStoreContractTest extends JdbcStoreContract {

    @RegisterExtension
    static final JdbcStoreExtension STORE = JdbcStoreExtension.of(TestDatabase::mariadb);

    @Override
    protected Storage storage() {
        return STORE.storage();
    }

    @Override
    protected TestDatabase database() {
        return STORE.database();
    }
}
