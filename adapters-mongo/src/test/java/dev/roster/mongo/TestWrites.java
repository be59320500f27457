package dev.roster.mongo;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.Notify;
import dev.roster.core.spi.ConversationWrite;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Conversations, entries, messages and conversation writes for the engine tests. */
final class TestWrites {

    private TestWrites() {
    }

    static Conversation conversation(String cid, String subject) {
        return new Conversation(cid, subject, null, null, new TreeMap<>(Map.of("k", "v")), 5, null);
    }

    static InboxEntry entry(String user, Conversation c, long unread) {
        return new InboxEntry(user, c.id(), Access.READ_WRITE, Notify.ALL, 5, 0, false, 5, c.subject(), c.custom(),
                null, 5, unread);
    }

    static Message message(String id, String cid, long createdAt) {
        return new Message(id, cid, MessageType.USER_MESSAGE, "p0", "text of " + id, new TreeMap<>(), createdAt, null,
                "web", null, null);
    }

    /** A create (or an update, if {@code expected} is a conversation's version) with entries of these users. */
    static ConversationWrite create(String cid, long expected, String... users) {
        Conversation c = conversation(cid, "Hello");
        return new ConversationWrite(cid, expected, c, null, Stream.of(users).map(u -> entry(u, c, 0)).toList(),
                Set.of(), List.of(), Set.of());
    }

    static ConversationWrite delete(String cid, long expected) {
        return new ConversationWrite(cid, expected, null, null, List.of(), Set.of(), List.of(), Set.of());
    }
}
