package dev.roster.mongo;

import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.testkit.StoreContract;
import org.junit.jupiter.api.AfterAll;

import java.util.ServiceLoader;

/** The whole contract suite against MongoDB over the wire, the store found by URL. */
class MongoStoreContractTest extends StoreContract {

    private static final Storage STORAGE = openByUrl(TestMongo.newDatabaseUrl());

    private static Storage openByUrl(String url) {
        for (StorageProvider provider : ServiceLoader.load(StorageProvider.class)) {
            if (provider.accepts(url)) {
                return provider.open(url);
            }
        }
        throw new AssertionError("no provider accepts " + url);
    }

    @Override
    protected Storage storage() {
        return STORAGE;
    }

    @AfterAll
    static void closeStore() {
        STORAGE.close();
    }
}
