package dev.roster.mongo;

import dev.roster.core.spi.Storage;
import dev.roster.testkit.StoreBackdoor;
import dev.roster.testkit.StoreContract;

import java.time.Duration;
import java.util.Optional;

/**
 * The whole contract suite on one of the store's write paths, with the fixture as its backdoor:
 * after every test a look at the store's own collections (no write left in progress or half done,
 * every document's version in the change log), and a second "process" on the same database.
 */
abstract class MongoStoreContract extends StoreContract {

    /** The store of the test class, on its write path. */
    protected abstract MongoStoreExtension store();

    @Override
    protected Storage storage() {
        return store().storage();
    }

    @Override
    protected Optional<StoreBackdoor> backdoor() {
        return Optional.of(store().fixture());
    }

    @Override
    protected Storage openAnotherProcess() {
        return store().storage().usesTransactions() ? store().fixture().openByUrl()
                : store().fixture().journaled(Duration.ofSeconds(30));
    }
}
