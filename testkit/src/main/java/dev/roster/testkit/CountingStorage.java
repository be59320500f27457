package dev.roster.testkit;

import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.spi.AppStore;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.InboxPage;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserPage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.WebhookStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that passes every call to a real store and counts the reads of users and
 * conversations, so a test can check how many store calls Roster made. Closing it does not close
 * the real store.
 */
public final class CountingStorage implements Storage {

    private final Storage delegate;
    private final AtomicInteger userLoads = new AtomicInteger();
    private final AtomicInteger conversationReads = new AtomicInteger();
    private final AtomicInteger activityWrites = new AtomicInteger();
    private final AtomicInteger largestPage = new AtomicInteger();
    private final UserStore users;
    private final ConversationStore conversations;

    /**
     * Counts the user loads made through it on {@code delegate}.
     *
     * @param delegate the store that answers
     */
    public CountingStorage(Storage delegate) {
        this.delegate = delegate;
        this.users = new UserStore() {
            @Override
            public Map<String, Versioned<User>> load(String appId, Collection<String> userIds) {
                userLoads.incrementAndGet();
                return delegate.users().load(appId, userIds);
            }

            @Override
            public boolean write(String appId, List<UserWrite> writes) {
                return delegate.users().write(appId, writes);
            }

            @Override
            public List<User> list(String appId, String startingAfter, int limit) {
                return delegate.users().list(appId, startingAfter, limit);
            }

            @Override
            public long count(String appId) {
                return delegate.users().count(appId);
            }

            @Override
            public UserPage query(String appId, UserQuery query) {
                return delegate.users().query(appId, query);
            }

            @Override
            public boolean recordActivity(String appId, String userId, long at, long staleBefore) {
                activityWrites.incrementAndGet();
                return delegate.users().recordActivity(appId, userId, at, staleBefore);
            }

            @Override
            public Map<String, UserLifecycle> lifecycles(String appId, Collection<String> userIds) {
                userLoads.incrementAndGet();
                return delegate.users().lifecycles(appId, userIds);
            }
        };
        this.conversations = new CountingConversations(delegate.conversations(), conversationReads, largestPage);
    }

    /** {@return how many times {@link UserStore#load} was called} */
    public int userLoads() {
        return userLoads.get();
    }

    /** {@return how many reads of the {@link ConversationStore} were made (every method but {@code write})} */
    public int conversationReads() {
        return conversationReads.get();
    }

    /** {@return how many times {@link UserStore#recordActivity} was called} */
    public int activityWrites() {
        return activityWrites.get();
    }

    /** {@return the largest {@code limit} any {@link ConversationStore#messagesBySender} call asked for, 0 before one} */
    public int largestMessagePage() {
        return largestPage.get();
    }

    /** {@return store reads of users and conversations together} */
    public int reads() {
        return userLoads() + conversationReads();
    }

    @Override
    public AppStore apps() {
        return delegate.apps();
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public PresenceStore presence() {
        return delegate.presence();
    }

    @Override
    public ChangeLog changes() {
        return delegate.changes();
    }

    @Override
    public WebhookStore webhooks() {
        return delegate.webhooks();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void close() {
        // The real store belongs to the test class, which closes it.
    }

    private record CountingConversations(ConversationStore delegate, AtomicInteger reads, AtomicInteger largestPage)
            implements ConversationStore {

        @Override
        public Map<String, Versioned<ConversationRecord>> load(String appId, Collection<String> conversationIds) {
            reads.incrementAndGet();
            return delegate.load(appId, conversationIds);
        }

        @Override
        public long tombstoneVersion(String appId, String conversationId) {
            reads.incrementAndGet();
            return delegate.tombstoneVersion(appId, conversationId);
        }

        @Override
        public boolean write(String appId, ConversationWrite write) {
            return delegate.write(appId, write);
        }

        @Override
        public List<String> listIds(String appId, String startingAfter, int limit) {
            reads.incrementAndGet();
            return delegate.listIds(appId, startingAfter, limit);
        }

        @Override
        public long count(String appId) {
            reads.incrementAndGet();
            return delegate.count(appId);
        }

        @Override
        public long countMessages(String appId) {
            reads.incrementAndGet();
            return delegate.countMessages(appId);
        }

        @Override
        public InboxPage listInbox(String appId, ConversationQuery query) {
            reads.incrementAndGet();
            return delegate.listInbox(appId, query);
        }

        @Override
        public List<Message> messages(String appId, String conversationId, MessageCursor after, int limit) {
            reads.incrementAndGet();
            return delegate.messages(appId, conversationId, after, limit);
        }

        @Override
        public List<Message> messagesBySender(String appId, String senderId, MessageCursor after, int limit) {
            reads.incrementAndGet();
            largestPage.accumulateAndGet(limit, Math::max);
            return delegate.messagesBySender(appId, senderId, after, limit);
        }

        @Override
        public Map<String, Message> findMessages(String appId, String conversationId, Collection<String> messageIds) {
            reads.incrementAndGet();
            return delegate.findMessages(appId, conversationId, messageIds);
        }

        @Override
        public Map<String, String> idempotencyKeys(String appId, String conversationId, Collection<String> keys) {
            reads.incrementAndGet();
            return delegate.idempotencyKeys(appId, conversationId, keys);
        }

        @Override
        public long countMessages(String appId, String conversationId, long createdAfter, String excludedSender) {
            reads.incrementAndGet();
            return delegate.countMessages(appId, conversationId, createdAfter, excludedSender);
        }
    }
}
