package dev.roster.mongo;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract suite on the transaction path, the store opened by its URL: runs only where
 * {@code ROSTER_TEST_MONGO_URI} points at a replica set or sharded cluster, and is skipped,
 * saying so, everywhere else.
 */
class MongoTransactionContractTest extends MongoStoreContract {

    @RegisterExtension
    static final MongoStoreExtension STORE = MongoStoreExtension.transactional();

    @Override
    protected MongoStoreExtension store() {
        return STORE;
    }
}
