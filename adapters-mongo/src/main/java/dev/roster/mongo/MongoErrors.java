package dev.roster.mongo;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;

import java.util.function.Supplier;

/** Translates driver exceptions into {@link RosterException}s that say what Roster was doing. */
final class MongoErrors {

    static final int DUPLICATE_KEY = 11000;

    private MongoErrors() {
    }

    /** Runs {@code action}, translating a driver failure into a RosterException about {@code what}. */
    static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (MongoException e) {
            throw translate(what, e);
        }
    }

    /** Runs {@code action}, translating a driver failure into a RosterException about {@code what}. */
    static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /** The Roster exception for a driver failure while doing {@code what}. */
    static RosterException translate(String what, MongoException e) {
        boolean retryable = e instanceof MongoSocketException || e instanceof MongoTimeoutException
                || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoExecutionTimeoutException
                || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                || e.hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL);
        ErrorCode code = retryable ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;
        String reason = e instanceof MongoSecurityException ? "authentication failed"
                : retryable ? "MongoDB could not be reached or is not ready" : "MongoDB rejected the operation";
        return RosterException.of(code, "MongoDB store: " + what + " failed (" + reason + ", error "
                + e.getCode() + "): " + e.getMessage(), e);
    }

    /** Whether {@code e} is a duplicate-key error. */
    static boolean isDuplicateKey(MongoException e) {
        return e.getCode() == DUPLICATE_KEY
                || e instanceof MongoWriteException w && w.getError().getCode() == DUPLICATE_KEY;
    }
}
