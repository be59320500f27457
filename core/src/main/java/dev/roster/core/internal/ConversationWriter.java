package dev.roster.core.internal;

import dev.roster.core.domain.ConversationChange;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.RosterException;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.FeedEntry;
import dev.roster.core.spi.Versioned;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Runs a change of one conversation aggregate with optimistic concurrency: load, plan the write
 * from what was read, compare-and-set, and start over on a version conflict. A create continues
 * the versions of its id: it expects the version of the id's tombstone, so after a delete the new
 * conversation's first version is the tombstone's plus one, and a write planned before the delete
 * (expecting a version the id had then) fails its compare-and-set.
 */
public final class ConversationWriter {

    private static final int MAX_ATTEMPTS = 100;

    private final ConversationStore store;
    private final Clock clock;
    private final Runnable afterWrite;

    /**
     * @param clock      stamps the time of each write's feed events
     * @param afterWrite runs after every successful write (wakes the change follower)
     */
    public ConversationWriter(ConversationStore store, Clock clock, Runnable afterWrite) {
        this.store = store;
        this.clock = clock;
        this.afterWrite = afterWrite;
    }

    /**
     * What to write, the feed events it records, and what to return.
     *
     * @param write  the write, or null when nothing needs writing
     * @param events the change feed's events of the write (see {@link FeedEvents})
     * @param result what {@link #update} returns once the write succeeded
     * @param <T>    the result type
     */
    public record Plan<T>(ConversationWrite write, List<FeedCodec.Item> events, T result) {

        /** Writes nothing and returns {@code result}. */
        public static <T> Plan<T> none(T result) {
            return new Plan<>(null, List.of(), result);
        }

        /** Deletes the conversation read as {@code current} and returns {@code result}. */
        public static <T> Plan<T> delete(Versioned<ConversationRecord> current, T result) {
            String id = current.value().conversation().id();
            return new Plan<>(new ConversationWrite(id, current.version(), null, null, List.of(), Set.of(), List.of(),
                    Set.of()), FeedEvents.ofConversationDelete(id), result);
        }

        /** Writes {@code change} over {@code current} (null: a create) and returns {@code result}. */
        public static <T> Plan<T> of(Versioned<ConversationRecord> current, ConversationChange change, T result) {
            ConversationRecord after = change.after();
            Message last = after.lastMessage();
            return new Plan<>(new ConversationWrite(after.conversation().id(), current == null ? 0 : current.version(),
                    after.conversation(), last == null ? null : last.id(), change.entries(), Set.of(),
                    change.messages(), change.removedMessages()),
                    FeedEvents.ofConversation(current == null ? null : current.value(), change), result);
        }
    }

    /**
     * Plans a write from the current state (null when the conversation does not exist). A write
     * planned from null creates the conversation and expects version 0; the writer makes it expect
     * the id's tombstone instead.
     */
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
            ConversationWrite write = plan.write();
            if (write == null) {
                return plan.result();
            }
            long expected = current == null ? continuingTombstone(appId, write) : write.expectedVersion();
            write = write.with(expected, new FeedEntry(clock.millis(), FeedCodec.encode(plan.events())));
            if (store.write(appId, write)) {
                afterWrite.run();
                return plan.result();
            }
        }
        throw RosterException.of(ErrorCode.CONFLICT, "Gave up after " + MAX_ATTEMPTS
                + " attempts: other writers kept changing conversation " + conversationId);
    }

    /**
     * The version a create expects: the id's tombstone version, read only when a create is planned. The
     * version read names a state of the id without a conversation (a tombstone, or 0: never used),
     * so whatever happened since the load, the compare-and-set admits the create only while the id
     * is still in that state.
     */
    private long continuingTombstone(String appId, ConversationWrite create) {
        if (create.expectedVersion() != 0 || create.isDelete()) {
            throw new IllegalStateException("a write planned from no conversation must be a create expecting 0: "
                    + create.conversationId());
        }
        return store.tombstoneVersion(appId, create.conversationId());
    }
}
