package dev.roster.testkit;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.KeyPatch;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessagePatch;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserConversation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversations, participants and messages: the writes that feed the listing. */
public abstract class ConversationMessageContract extends ConversationSupport {

    private UserConversation entryOf(String user, String conversationId) {
        return conversations().list(app.id(), ConversationQuery.builder(user).limit(100).build()).stream()
                .filter(c -> c.view().conversation().id().equals(conversationId)).findFirst().orElseThrow();
    }

    @Test
    void aRepeatedIdempotencyKeyCreatesNothingNew() {
        String me = newUser();
        String c = newConversation(me);
        List<String> first = conversations().send(app.id(), c, List.of(NewMessage.user(me, "hi").withIdempotencyKey("k1")));
        long head = storage().changes().assigned();
        List<String> again = conversations().send(app.id(), c, List.of(NewMessage.user(me, "hi").withIdempotencyKey("k1")));
        assertEquals(first, again);
        assertEquals(head, storage().changes().assigned(), "a fully repeated send writes nothing");
        List<String> mixed = conversations().send(app.id(), c, List.of(NewMessage.user(me, "hi").withIdempotencyKey("k1"),
                NewMessage.user(me, "new").withIdempotencyKey("k2"), NewMessage.user(me, "dup").withIdempotencyKey("k2")));
        assertEquals(first.get(0), mixed.get(0));
        assertEquals(mixed.get(1), mixed.get(2), "a key repeated inside one call names one message");
        assertEquals(2, conversations().messages(app.id(), c, null, 100).size());
    }

    @Test
    void aBadBatchWritesNothing() {
        String me = newUser();
        String stranger = newUser();
        String c = newConversation(me);
        List<NewMessage> eleven = new ArrayList<>(Collections.nCopies(11, NewMessage.user(me, "x")));
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RosterException.class, () -> conversations().send(app.id(), c, eleven)).code());
        RosterException e = assertThrows(RosterException.class, () -> conversations().send(app.id(), c,
                List.of(NewMessage.user(me, "ok"), NewMessage.user(stranger, "not a participant"))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.violations().byField().containsKey("[1].sender"), e.violations()::toString);
        assertEquals(List.of(), conversations().messages(app.id(), c, null, 10));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RosterException.class,
                () -> conversations().send(app.id(), newId("c"), List.of(NewMessage.system("x")))).code());
    }

    @Test
    void importedMessagesAreListedByTheirTimestampsNewestFirst() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me, other);
        long now = clock.millis();
        List<String> ids = conversations().importMessages(app.id(), c, List.of(
                NewMessage.user(me, "second").at(now - 200), NewMessage.user(other, "third").at(now - 100),
                NewMessage.user(other, "first").at(now - 300)));
        List<String> newestFirst = new ArrayList<>();
        String after = null;
        for (int i = 0; i < 5; i++) {
            List<Message> page = conversations().messages(app.id(), c, after, 1);
            if (page.isEmpty()) {
                break;
            }
            newestFirst.add(page.get(0).text());
            after = page.get(0).id();
        }
        assertEquals(List.of("third", "second", "first"), newestFirst);
        UserConversation entry = entryOf(me, c);
        assertEquals(ids.get(1), entry.view().lastMessage().id());
        assertEquals(now - 100, entry.entry().lastActivityAt());
        assertEquals(2, entry.unreadMessageCount());
        assertEquals("import", entry.view().lastMessage().origin());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RosterException.class,
                () -> conversations().importMessages(app.id(), c, List.of(NewMessage.user(me, "no time")))).code());
    }

    @Test
    void readMarkersDecideUnreadCounts() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me, other);
        tick(1);
        conversations().send(app.id(), c, List.of(NewMessage.user(other, "a")));
        long firstAt = clock.millis();
        tick(1);
        conversations().send(app.id(), c, List.of(NewMessage.user(other, "b"), NewMessage.system("c")));
        assertEquals(3, entryOf(me, c).unreadMessageCount());
        conversations().patchParticipant(app.id(), c, me, ParticipationPatch.none().withReadUntil(firstAt));
        assertEquals(2, entryOf(me, c).unreadMessageCount());
        assertEquals(firstAt, entryOf(me, c).view().participants().get(me).readUntil());
        conversations().markRead(app.id(), c, me);
        assertEquals(0, entryOf(me, c).unreadMessageCount());
        assertFalse(entryOf(me, c).isUnread());
        Message last = entryOf(me, c).view().lastMessage();
        assertEquals(List.of(me), entryOf(me, c).view().readBy(last));
    }

    @Test
    void deletingAMessageRecomputesTheLastMessageAndUnreadCounts() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me, other);
        tick(1);
        List<String> first = conversations().send(app.id(), c, List.of(NewMessage.user(other, "a")));
        tick(1);
        List<String> second = conversations().send(app.id(), c, List.of(NewMessage.user(other, "b")));
        conversations().deleteMessage(app.id(), c, second.get(0));
        UserConversation entry = entryOf(me, c);
        assertEquals(first.get(0), entry.view().lastMessage().id());
        assertEquals(1, entry.unreadMessageCount());
        assertEquals(clock.millis() - 1, entry.entry().lastActivityAt());
        conversations().deleteMessage(app.id(), c, first.get(0));
        entry = entryOf(me, c);
        assertNull(entry.view().lastMessage());
        assertFalse(entry.entry().hasMessages());
        assertEquals(entry.entry().joinedAt(), entry.entry().lastActivityAt());
        assertTrue(conversations().message(app.id(), c, first.get(0)).isEmpty());
    }

    @Test
    void editingAMessageKeepsItsPlace() {
        String me = newUser();
        String c = newConversation(me);
        String id = conversations().send(app.id(), c, List.of(NewMessage.user(me, "typo"))).get(0);
        tick(7);
        Message edited = conversations().editMessage(app.id(), c, id,
                new MessagePatch(FieldPatch.of("fixed"), FieldPatch.of(new KeyPatch<>(Map.of("k", "v"), Set.of()))));
        assertEquals("fixed", edited.text());
        assertEquals(Map.of("k", "v"), edited.custom());
        assertEquals(clock.millis(), edited.editedAt());
        assertEquals(clock.millis() - 7, edited.createdAt());
        assertEquals("fixed", entryOf(me, c).view().lastMessage().text());
    }

    @Test
    void conversationPatchesFollowTheUpdateRule() {
        String me = newUser();
        String c = newId("c");
        conversations().upsert(app.id(), c, ConversationPatch.none().withSubject("S").withCustom("a", "1")
                .withCustom("b", "2").withParticipants(me));
        ConversationView view = conversations().upsert(app.id(), c, ConversationPatch.none().withCustom("a", null));
        assertEquals("S", view.conversation().subject());
        assertEquals(Map.of("b", "2"), view.conversation().custom());
        view = conversations().upsert(app.id(), c, ConversationPatch.fromJson(Map.of("id", c), c));
        assertEquals("S", view.conversation().subject());
        view = conversations().upsert(app.id(), c, ConversationPatch.none().withSubject(null));
        assertNull(view.conversation().subject());
        assertNull(entryOf(me, c).entry().subject(), "entries follow the conversation's fields");
        RosterException e = assertThrows(RosterException.class,
                () -> ConversationPatch.fromJson(Map.of("id", "other", "subject", 3), c));
        assertEquals(List.of("id", "subject"), List.copyOf(e.violations().byField().keySet()).stream().sorted().toList());
    }

    @Test
    void participantsJoinOverwriteAndLeave() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me);
        ConversationView view = conversations().putParticipant(app.id(), c, other, Access.READ, Notify.MENTIONS_ONLY);
        assertEquals(Access.READ, view.participants().get(other).access());
        assertEquals(Notify.MENTIONS_ONLY, view.participants().get(other).notification());
        view = conversations().putParticipant(app.id(), c, other, null, null);
        assertEquals(Access.READ_WRITE, view.participants().get(other).access(), "put overwrites with the defaults");
        assertEquals(Notify.ALL, view.participants().get(other).notification());
        conversations().leave(app.id(), c, other);
        assertFalse(conversations().find(app.id(), c).orElseThrow().participants().containsKey(other));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RosterException.class,
                () -> conversations().leave(app.id(), c, other)).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RosterException.class,
                () -> conversations().putParticipant(app.id(), c, newId("nobody"), null, null)).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RosterException.class,
                () -> conversations().patchParticipant(app.id(), c, other, ParticipationPatch.of(Access.READ, null))).code());
    }

    @Test
    void deletedConversationsAreGone() {
        String me = newUser();
        String c = newConversation(me);
        conversations().send(app.id(), c, List.of(NewMessage.user(me, "x")));
        conversations().delete(app.id(), c);
        assertTrue(conversations().find(app.id(), c).isEmpty());
        assertEquals(List.of(), ids(ConversationQuery.builder(me).build()));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RosterException.class, () -> conversations().delete(app.id(), c)).code());
    }

    @Test
    void allConversationsOfTheAppInIdOrder() {
        String me = newUser();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(newConversation(me));
        }
        created.sort(Ids.ORDER);
        List<String> walked = new ArrayList<>();
        String after = null;
        while (true) {
            List<ConversationView> page = conversations().listAll(app.id(), after, 2);
            page.forEach(v -> walked.add(v.conversation().id()));
            if (page.size() < 2) {
                break;
            }
            after = page.get(1).conversation().id();
        }
        assertEquals(created, walked);
        assertNotEquals(0, conversations().listAll(app.id(), null, 1).get(0).participants().size());
    }

    @Test
    void concurrentSendsAllSurviveWithExactCounts() throws Exception {
        String me = newUser();
        List<String> senders = List.of(newUser(), newUser(), newUser(), newUser());
        String c = newConversation(me, senders.get(0), senders.get(1), senders.get(2), senders.get(3));
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String sender : senders) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        conversations().send(app.id(), c, List.of(NewMessage.user(sender, "m" + i)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(40, conversations().messages(app.id(), c, null, 100).size());
        assertEquals(40, entryOf(me, c).unreadMessageCount());
        assertEquals(30, entryOf(senders.get(0), c).unreadMessageCount());
    }
}
