package dev.roster.jdbc;

import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract suite and the SQL-specific tests on a fresh H2 database on a file of its own,
 * opened as Roster opens a file by default: durable ({@code WRITE_DELAY} 0), writes one at a time.
 */
class H2FileStoreContractTest extends JdbcStoreContract {

    @RegisterExtension
    static final JdbcStoreExtension STORE = JdbcStoreExtension.of(TestDatabase::h2File);

    @Override
    protected Storage storage() {
        return STORE.storage();
    }

    @Override
    protected TestDatabase database() {
        return STORE.database();
    }
}
