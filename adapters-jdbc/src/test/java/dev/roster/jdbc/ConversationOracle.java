package dev.roster.jdbc;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.ApiVersion;
import dev.roster.core.domain.Comparison;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.InboxPage;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.Storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random conversations written to the store under test and to the reference in-memory store,
 * then random listings compared: values are drawn from small sets so ties, nulls, tricky ids and
 * every filter node occur often.
 */
final class ConversationOracle {

    private static final List<String> ID_PARTS = List.of("a", "B", "\u00e9", "\ue000", "\uffff", "\ud83d\ude00", "a ");
    private static final List<String> SUBJECTS = java.util.Arrays.asList(null, "s1", "s2");
    private static final List<String> KEYS = List.of("k1", "k2");
    private static final List<String> VALUES = List.of("x", "y");

    private final Random random;
    private final Storage tested;
    private final Storage reference;
    private final String appId;
    private final String userId = "me";
    private final List<InboxEntry> entries = new ArrayList<>();

    ConversationOracle(long seed, Storage tested, Storage reference, String appId) {
        this.random = new Random(seed);
        this.tested = tested;
        this.reference = reference;
        this.appId = appId;
    }

    void populate(int conversations) {
        for (int i = 0; i < conversations; i++) {
            String id = "c" + pick(ID_PARTS) + pick(ID_PARTS) + i;
            TreeMap<String, String> custom = new TreeMap<>();
            for (String key : KEYS) {
                if (random.nextBoolean()) {
                    custom.put(key, pick(VALUES));
                }
            }
            long createdAt = 1000 + random.nextInt(5) * 10L;
            Conversation conversation = new Conversation(id, pick(SUBJECTS), null, null, custom, createdAt, null);
            boolean hasMessages = random.nextInt(3) > 0;
            Long lastMessageAt = hasMessages ? createdAt + random.nextInt(4) * 10L : null;
            long joinedAt = createdAt + random.nextInt(3);
            InboxEntry mine = new InboxEntry(userId, id, pick(List.of(Access.values())), Notify.ALL, joinedAt, 0,
                    random.nextInt(5) == 0, createdAt, conversation.subject(), custom, lastMessageAt,
                    lastMessageAt == null ? joinedAt : lastMessageAt, hasMessages ? random.nextInt(3) : 0);
            InboxEntry other = new InboxEntry("other", id, Access.READ_WRITE, Notify.ALL, joinedAt, 0, false,
                    createdAt, conversation.subject(), custom, lastMessageAt, mine.lastActivityAt(), 0);
            List<Message> messages = new ArrayList<>();
            if (hasMessages) {
                for (int m = 0; m < 3; m++) {
                    messages.add(new Message("msg_" + pick(ID_PARTS) + m, id, m == 0 ? MessageType.SYSTEM_MESSAGE
                            : MessageType.USER_MESSAGE, m == 0 ? null : pick(List.of(userId, "other")), "hi " + m,
                            new TreeMap<>(), createdAt + random.nextInt(3), null, "rest", null,
                            m == 2 ? "key-" + i : null));
                }
            }
            String last = messages.stream().reduce((a, b) -> b.isAfter(a) ? b : a).map(Message::id).orElse(null);
            ConversationWrite write = new ConversationWrite(id, 0, conversation, last, List.of(mine, other), Set.of(),
                    messages, Set.of());
            assertEquals(reference.conversations().write(appId, write), tested.conversations().write(appId, write));
            entries.add(mine);
        }
    }

    /** Compares {@code count} random listings, each paged to its end. */
    void compareListings(int count) {
        for (int i = 0; i < count; i++) {
            ConversationQuery.Builder query = ConversationQuery.builder(userId)
                    .order(pick(List.of(ConversationOrder.values())))
                    .direction(pick(List.of(SortDirection.values())))
                    .apiVersion(random.nextBoolean() ? ApiVersion.V2021_02_09 : ApiVersion.latest())
                    .lastMessageBefore(random.nextInt(4) == 0 ? Long.valueOf(1020) : null)
                    .lastMessageAfter(random.nextInt(4) == 0 ? Long.valueOf(1010) : null)
                    .unreadsOnly(random.nextInt(4) == 0)
                    .filter(filter(2))
                    .limit(1 + random.nextInt(7));
            int start = random.nextInt(4);
            if (start == 1) {
                query.startingAfter(pick(entries).conversationId());
            } else if (start == 2) {
                query.offsetTs(1000 + random.nextInt(6) * 10L);
            }
            for (int page = 0; page < 50; page++) {
                ConversationQuery built = query.build();
                InboxPage expected = reference.conversations().listInbox(appId, built);
                assertEquals(expected, tested.conversations().listInbox(appId, built), "listing " + built);
                List<ConversationRecord> records = expected.conversations();
                if (records.size() < built.limit()) {
                    break;
                }
                query.offsetTs(null).startingAfter(records.get(records.size() - 1).conversation().id());
            }
        }
    }

    /** Compares loading, message pages, counts and idempotency keys of every conversation. */
    void compareConversations() {
        for (InboxEntry entry : entries) {
            String id = entry.conversationId();
            assertEquals(reference.conversations().load(appId, List.of(id)), tested.conversations().load(appId, List.of(id)));
            MessageCursor cursor = null;
            for (int page = 0; page < 5; page++) {
                List<Message> expected = reference.conversations().messages(appId, id, cursor, 2);
                assertEquals(expected, tested.conversations().messages(appId, id, cursor, 2));
                if (expected.isEmpty()) {
                    break;
                }
                cursor = MessageCursor.after(expected.get(expected.size() - 1));
            }
            for (String sender : java.util.Arrays.asList(null, userId)) {
                assertEquals(reference.conversations().countMessages(appId, id, 1005, sender),
                        tested.conversations().countMessages(appId, id, 1005, sender));
            }
            List<String> keys = List.of("key-1", "key-2", "key-3", "nope");
            assertEquals(reference.conversations().idempotencyKeys(appId, id, keys),
                    tested.conversations().idempotencyKeys(appId, id, keys));
        }
        List<String> expectedIds = reference.conversations().listIds(appId, null, 1000);
        assertEquals(expectedIds, tested.conversations().listIds(appId, null, 1000));
        String middle = expectedIds.get(expectedIds.size() / 2);
        assertEquals(reference.conversations().listIds(appId, middle, 5), tested.conversations().listIds(appId, middle, 5));
    }

    private ConversationFilter filter(int depth) {
        int kind = random.nextInt(depth > 0 ? 10 : 8);
        boolean negated = random.nextBoolean();
        switch (kind) {
            case 0:
                return new ConversationFilter.AccessIn(Set.of(pick(List.of(Access.values()))), negated);
            case 1: {
                java.util.Set<String> subjects = new java.util.HashSet<>();
                subjects.add(pick(SUBJECTS));
                return new ConversationFilter.SubjectIn(subjects, negated);
            }
            case 2:
                return new ConversationFilter.CustomIn(pick(KEYS), Set.of(pick(VALUES)), negated);
            case 3:
                return new ConversationFilter.CustomExists(pick(KEYS), negated);
            case 4:
                return new ConversationFilter.FlagIs(pick(List.of(ConversationFilter.Flag.values())), negated);
            case 5:
                return new ConversationFilter.TimeCompare(pick(List.of(ConversationFilter.TimeField.values())),
                        pick(List.of(Comparison.values())), 1000 + random.nextInt(5) * 10L);
            case 6:
                return new ConversationFilter.TimeBetween(pick(List.of(ConversationFilter.TimeField.values())),
                        1000 + random.nextInt(3) * 10L, 1010 + random.nextInt(4) * 10L, negated);
            case 7:
                return ConversationFilter.ALL;
            case 8:
                return new ConversationFilter.And(List.of(filter(depth - 1), filter(depth - 1)));
            default:
                return new ConversationFilter.Any(List.of(filter(depth - 1), filter(depth - 1)));
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

}
