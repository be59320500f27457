package dev.roster.core.internal;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.spi.ConversationRecord;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.Versioned;

import java.util.List;

/**
 * Runs a change of one conversation aggregate with optimistic concurrency: load, plan the write
 * from what was read, compare-and-set, and start over on a version conflict.
 */
public final class ConversationWriter {

    private static final int MAX_ATTEMPTS = 100;

    private final ConversationStore store;
    private final Runnable afterWrite;

    /**
     * @param afterWrite runs after every successful write (wakes the change follower)
     */
    public ConversationWriter(ConversationStore store, Runnable afterWrite) {
        this.store = store;
        this.afterWrite = afterWrite;
    }

    /**
     * What to write and what to return.
     *
     * @param write  the write, or null when nothing needs writing
     * @param result what {@link #update} returns once the write succeeded
     * @param <T>    the result type
     */
    public record Plan<T>(ConversationWrite write, T result) {
    }

    /** Plans a write from the current state (null when the conversation does not exist). */
    @FunctionalInterface
    public interface Planner<T> {
        /** The plan; may throw {@link RosterException} to stop with nothing written. */
        Plan<T> plan(Versioned<ConversationRecord> current);
    }

    /**
     * Loads, plans and writes until the compare-and-set succeeds.
     *
     * @throws RosterException what the planner throws, or {@link ErrorCode#CONFLICT} if writers
     *                         kept colliding
     */
    public <T> T update(String appId, String conversationId, Planner<T> planner) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Versioned<ConversationRecord> current = store.load(appId, List.of(conversationId)).get(conversationId);
            Plan<T> plan = planner.plan(current);
            if (plan.write() == null) {
                return plan.result();
            }
            if (store.write(appId, plan.write())) {
                afterWrite.run();
                return plan.result();
            }
        }
        throw RosterException.of(ErrorCode.CONFLICT, "Gave up after " + MAX_ATTEMPTS
                + " attempts: other writers kept changing conversation " + conversationId);
    }
}
