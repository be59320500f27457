package dev.roster.mongo;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract suite on the journal path (single-document atomicity only), against
 * mongo-java-server, or the server at {@code ROSTER_TEST_MONGO_URI} whatever its deployment.
 */
class MongoJournalContractTest extends MongoStoreContract {

    @RegisterExtension
    static final MongoStoreExtension STORE = MongoStoreExtension.journaled();

    @Override
    protected MongoStoreExtension store() {
        return STORE;
    }
}
