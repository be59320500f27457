package dev.roster.mongo;

import dev.roster.core.spi.Storage;
import dev.roster.testkit.StoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The whole contract suite on one of the store's write paths, and after every test a look at the
 * store's own data: no write is left in progress or half done, and every change reached the log.
 */
abstract class MongoStoreContract extends StoreContract {

    /** The store of the test class, on its write path. */
    protected abstract MongoStoreExtension store();

    @Override
    protected Storage storage() {
        return store().storage();
    }

    @AfterEach
    void nothingIsLeftHalfWritten() {
        store().fixture().assertSettled();
    }
}
