package dev.roster.core.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aggregate's rules as pure functions: no store, the unread counter a plain function. */
class ConversationRecordTest {

    private static final ToLongFunction<Participation> NEVER = p -> {
        throw new AssertionError("the counter is not needed without messages");
    };

    private static Message message(String id, String sender, long at) {
        return new Message(id, "c", sender == null ? MessageType.SYSTEM_MESSAGE : MessageType.USER_MESSAGE, sender,
                "text", new TreeMap<>(), at, null, "rest", null, null);
    }

    private static ConversationRecord created(String... participants) {
        return ConversationRecord.create("c", ConversationPatch.none().withParticipants(participants), 10).after();
    }

    @Test
    void aNewConversationHasItsParticipantsWithNothingRead() {
        ConversationRecord record = created("ann", "bob");
        assertEquals(List.of("ann", "bob"), List.copyOf(record.view().participants().keySet()));
        InboxEntry ann = record.participant("ann");
        assertEquals(0, ann.readUntil());
        assertEquals(10, ann.lastActivityAt(), "without messages the activity is the join time");
        assertNull(record.lastMessage());
    }

    @Test
    void sendingCountsUnreadForEveryoneButTheSender() {
        ConversationChange sent = created("ann", "bob").add(List.of(message("m1", "ann", 20), message("m2", null, 30)));
        ConversationRecord after = sent.after();
        assertEquals("m2", after.lastMessage().id());
        assertEquals(1, after.participant("ann").unreadCount(), "ann's own message is read, the system one is not");
        assertEquals(2, after.participant("bob").unreadCount());
        assertEquals(30, after.participant("bob").lastActivityAt());
        assertEquals(2, sent.messages().size());
    }

    @Test
    void removingTheLastMessageTakesTheNewLastAndUncountsIt() {
        Message first = message("m1", "ann", 20);
        Message second = message("m2", "ann", 30);
        ConversationRecord record = created("ann", "bob").add(List.of(first, second)).after();
        ConversationChange removed = record.remove(second, first);
        assertEquals(first, removed.after().lastMessage());
        assertEquals(1, removed.after().participant("bob").unreadCount());
        assertTrue(removed.removedMessages().contains("m2"));
    }

    @Test
    void rejoiningKeepsTheEarlierReadUntilAndCountsFromThere() {
        ConversationRecord record = created("ann", "bob").add(List.of(message("m1", "ann", 20))).after();
        record = record.markRead("bob", p -> 0).orElseThrow().after();
        record = record.leave("bob").after();
        assertNull(record.participant("bob"), "who left is no participant");
        AtomicInteger counted = new AtomicInteger();
        ConversationRecord rejoined = record.putParticipant("bob", Access.READ, Notify.ALL, 40, p -> {
            counted.incrementAndGet();
            assertEquals(20, p.readUntil());
            return 0;
        }).orElseThrow().after();
        assertEquals(1, counted.get());
        assertEquals(Access.READ, rejoined.participant("bob").access());
        assertEquals(40, rejoined.participant("bob").joinedAt());
    }

    @Test
    void rulesThatChangeNothingAnswerNoChangeAndNeedNoCount() {
        ConversationRecord record = created("ann");
        assertTrue(record.markRead("ann", NEVER).isEmpty(), "nothing to read");
        assertTrue(record.update(ConversationPatch.none().withParticipants("ann"), 50, NEVER).isEmpty(),
                "ann already takes part");
        assertTrue(record.putParticipant("ann", Access.READ_WRITE, Notify.ALL, 50, NEVER).isEmpty());
        assertEquals(1, record.update(ConversationPatch.none().withParticipants("cat"), 50, NEVER)
                .orElseThrow().entries().size(), "a new participant without messages needs no count");
    }

    @Test
    void onlyParticipantsMaySendAndBeChanged() {
        ConversationRecord record = created("ann");
        Violations problems = record.senderProblems(List.of(NewMessage.user("ann", "hi"), NewMessage.user("eve", "hi")));
        assertEquals(List.of("[1].sender"), List.copyOf(problems.byField().keySet()));
        RosterException e = assertThrows(RosterException.class, () -> record.leave("eve"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }
}
