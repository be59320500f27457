package dev.roster.testkit;

import dev.roster.core.internal.memory.MemoryStorage;
import dev.roster.core.spi.Storage;

/** The in-memory store, the reference implementation, passes the whole contract. */
class MemoryStoreContractTest extends StoreContract {

    private static final Storage STORAGE = new MemoryStorage();

    @Override
    protected Storage storage() {
        return STORAGE;
    }
}
