package dev.roster.jdbc;

import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract suite and the SQL-specific tests on a fresh in-memory H2 database of its own. */
class H2StoreContractTest extends JdbcStoreContract {

    @RegisterExtension
    static final JdbcStoreExtension STORE = JdbcStoreExtension.of(TestDatabase::h2);

    @Override
    protected Storage storage() {
        return STORE.storage();
    }

    @Override
    protected TestDatabase database() {
        return STORE.database();
    }
}
