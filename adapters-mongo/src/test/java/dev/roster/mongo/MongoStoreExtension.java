package dev.roster.mongo;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;

/**
 * Gives a contract test class one store on a fresh database of its own, on the write path it
 * names, opened before its first test and dropped after its last; its nested classes, which run
 * these callbacks too, share it. The transaction path skips the whole class, saying why, unless
 * the tests run against a replica set ({@link TestMongo#withoutTransactions}).
 */
final class MongoStoreExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    private final boolean transactions;
    private MongoFixture fixture;
    private MongoStorage storage;
    private int depth;

    private MongoStoreExtension(boolean transactions) {
        this.transactions = transactions;
    }

    /** A store on the journal path, forced whatever the deployment. */
    static MongoStoreExtension journaled() {
        return new MongoStoreExtension(false);
    }

    /** The store found by its URL, which must have chosen the transaction path. */
    static MongoStoreExtension transactional() {
        return new MongoStoreExtension(true);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = transactions ? TestMongo.withoutTransactions() : null;
        return reason == null ? ConditionEvaluationResult.enabled("the write path can be tested")
                : ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ > 0) {
            return;
        }
        fixture = new MongoFixture();
        storage = transactions ? fixture.openByUrl() : fixture.journaled(Duration.ofSeconds(30));
        if (storage.usesTransactions() != transactions) {
            throw new IllegalStateException("the store chose the other write path");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth > 0) {
            return;
        }
        try {
            if (storage != null) {
                storage.close();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
            storage = null;
            fixture = null;
        }
    }

    /** The store of the running test class. */
    MongoStorage storage() {
        return storage;
    }

    /** The fixture over the store's database. */
    MongoFixture fixture() {
        return fixture;
    }
}
