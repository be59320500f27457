package dev.roster.core.internal.memory;

import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.FeedEntry;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.InboxPage;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.Versioned;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The in-memory conversation store of {@link MemoryStorage}, guarded by its lock. Listing scans
 * the user's entries with the reference semantics of {@link ConversationQuery}: fine in memory, and the
 * answer every database store is compared with. A deleted conversation's tombstone is its id's
 * version in a map of its own, so no listing ever meets it.
 */
final class MemoryConversations implements ConversationStore {

    private static final Comparator<Message> NEWEST_FIRST = Comparator.comparingLong(Message::createdAt)
            .thenComparing(Message::id, Ids.ORDER).reversed();

    /** Appends one change to the storage's log; called under the lock. */
    interface Log {
        void append(String appId, ChangeKind kind, String entityId, long version, FeedEntry feed);
    }

    private record Stored(Conversation conversation, long version, String lastMessageId,
                          NavigableMap<String, InboxEntry> entries, Map<String, Message> messages) {
    }

    private final Object lock;
    private final Log log;
    private final Map<String, NavigableMap<String, Stored>> byApp = new HashMap<>();
    private final Map<String, Map<String, Map<String, InboxEntry>>> inboxByApp = new HashMap<>();
    private final Map<String, Map<String, Long>> tombstonesByApp = new HashMap<>();

    MemoryConversations(Object lock, Log log) {
        this.lock = lock;
        this.log = log;
    }

    private NavigableMap<String, Stored> of(String appId) {
        return byApp.computeIfAbsent(appId, a -> new TreeMap<>(Ids.ORDER));
    }

    private Map<String, Long> tombstones(String appId) {
        return tombstonesByApp.computeIfAbsent(appId, a -> new HashMap<>());
    }

    private Map<String, InboxEntry> inbox(String appId, String userId) {
        return inboxByApp.computeIfAbsent(appId, a -> new HashMap<>()).computeIfAbsent(userId, u -> new HashMap<>());
    }

    @Override
    public Map<String, Versioned<ConversationRecord>> load(String appId, Collection<String> conversationIds) {
        synchronized (lock) {
            Map<String, Versioned<ConversationRecord>> found = new HashMap<>();
            NavigableMap<String, Stored> conversations = of(appId);
            for (String id : conversationIds) {
                Stored stored = conversations.get(id);
                if (stored != null) {
                    Message last = stored.lastMessageId == null ? null : stored.messages.get(stored.lastMessageId);
                    found.put(id, new Versioned<>(new ConversationRecord(stored.conversation, last, stored.entries),
                            stored.version));
                }
            }
            return found;
        }
    }

    @Override
    public long tombstoneVersion(String appId, String conversationId) {
        synchronized (lock) {
            return tombstones(appId).getOrDefault(conversationId, 0L);
        }
    }

    @Override
    public boolean write(String appId, ConversationWrite write) {
        synchronized (lock) {
            NavigableMap<String, Stored> conversations = of(appId);
            String id = write.conversationId();
            Stored current = conversations.get(id);
            long stored = current == null ? tombstones(appId).getOrDefault(id, 0L) : current.version;
            if (stored != write.expectedVersion() || (write.isDelete() && current == null)) {
                return false;
            }
            if (write.isDelete()) {
                current.entries.keySet().forEach(user -> inbox(appId, user).remove(id));
                conversations.remove(id);
                tombstones(appId).put(id, write.newVersion());
            } else {
                tombstones(appId).remove(id);
                NavigableMap<String, InboxEntry> entries = current == null ? new TreeMap<>() : new TreeMap<>(current.entries);
                Map<String, Message> messages = current == null ? new HashMap<>() : new HashMap<>(current.messages);
                for (String user : write.removeEntries()) {
                    entries.remove(user);
                    inbox(appId, user).remove(id);
                }
                for (InboxEntry entry : write.putEntries()) {
                    entries.put(entry.userId(), entry);
                    inbox(appId, entry.userId()).put(id, entry);
                }
                write.removeMessages().forEach(messages::remove);
                write.putMessages().forEach(m -> messages.put(m.id(), m));
                conversations.put(id, new Stored(write.conversation(), write.newVersion(), write.lastMessageId(),
                        entries, messages));
            }
            log.append(appId, ChangeKind.CONVERSATION, id, write.newVersion(), write.feed());
            return true;
        }
    }

    @Override
    public List<String> listIds(String appId, String startingAfter, int limit) {
        synchronized (lock) {
            NavigableMap<String, Stored> conversations = of(appId);
            Collection<String> ids = startingAfter == null ? conversations.keySet()
                    : conversations.tailMap(startingAfter, false).keySet();
            return ids.stream().limit(limit).toList();
        }
    }

    @Override
    public long count(String appId) {
        synchronized (lock) {
            return of(appId).size();
        }
    }

    @Override
    public long countMessages(String appId) {
        synchronized (lock) {
            return of(appId).values().stream().mapToLong(stored -> stored.messages.size()).sum();
        }
    }

    @Override
    public InboxPage listInbox(String appId, ConversationQuery query) {
        synchronized (lock) {
            Map<String, InboxEntry> entries = inbox(appId, query.userId());
            InboxEntry start = query.startingAfter() == null ? null : entries.get(query.startingAfter());
            if (query.startingAfter() != null && !query.canStartAfter(start)) {
                return InboxPage.unknownCursor();
            }
            InboxCursor cursor = query.cursor(start);
            List<InboxEntry> page = entries.values().stream()
                    .filter(entry -> query.matches(entry, cursor))
                    .sorted(query.comparator())
                    .limit(query.limit())
                    .toList();
            return InboxPage.of(page, load(appId, page.stream().map(InboxEntry::conversationId).toList()));
        }
    }

    @Override
    public List<Message> messages(String appId, String conversationId, MessageCursor after, int limit) {
        synchronized (lock) {
            Stored stored = of(appId).get(conversationId);
            if (stored == null) {
                return List.of();
            }
            return stored.messages.values().stream()
                    .filter(m -> after == null || after.precedes(m))
                    .sorted(NEWEST_FIRST)
                    .limit(limit)
                    .toList();
        }
    }

    /** Walks every message of the app: the memory store keeps no index by sender. */
    @Override
    public List<Message> messagesBySender(String appId, String senderId, MessageCursor after, int limit) {
        synchronized (lock) {
            return of(appId).values().stream()
                    .flatMap(stored -> stored.messages.values().stream())
                    .filter(m -> senderId.equals(m.senderId()) && (after == null || after.precedes(m)))
                    .sorted(NEWEST_FIRST)
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public Map<String, Message> findMessages(String appId, String conversationId, Collection<String> messageIds) {
        synchronized (lock) {
            Stored stored = of(appId).get(conversationId);
            Map<String, Message> found = new HashMap<>();
            if (stored != null) {
                for (String id : messageIds) {
                    Message message = stored.messages.get(id);
                    if (message != null) {
                        found.put(id, message);
                    }
                }
            }
            return found;
        }
    }

    @Override
    public Map<String, String> idempotencyKeys(String appId, String conversationId, Collection<String> keys) {
        synchronized (lock) {
            Stored stored = of(appId).get(conversationId);
            Map<String, String> found = new HashMap<>();
            if (stored != null) {
                for (Message message : stored.messages.values()) {
                    if (message.idempotencyKey() != null && keys.contains(message.idempotencyKey())) {
                        found.put(message.idempotencyKey(), message.id());
                    }
                }
            }
            return found;
        }
    }

    @Override
    public long countMessages(String appId, String conversationId, long createdAfter, String excludedSender) {
        synchronized (lock) {
            Stored stored = of(appId).get(conversationId);
            if (stored == null) {
                return 0;
            }
            return stored.messages.values().stream()
                    .filter(m -> m.createdAt() > createdAfter)
                    .filter(m -> excludedSender == null || !excludedSender.equals(m.senderId()))
                    .count();
        }
    }
}
