package dev.roster.testkit;

import dev.roster.core.api.Conversations;
import dev.roster.core.api.Roster;
import dev.roster.core.api.UserExportVisitor;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.PresenceSession;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.MessageCursor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user export (SPEC §10) and the store read under it: the messages a user sent across
 * conversations, newest first, in keyset pages ({@code ConversationStore.messagesBySender}), and
 * {@link Roster#exportUser}, which walks every part of a user a bounded page at a time.
 */
public abstract class UserExportContract extends ConversationSupport {

    private static final Comparator<Message> NEWEST_FIRST = Comparator.comparingLong(Message::createdAt)
            .thenComparing(Message::id, Ids.ORDER).reversed();

    /** Sends {@code count} messages in batches, a millisecond apart (messages of one batch share a time). */
    private List<Message> sent(String conversationId, String sender, int count) {
        List<Message> sent = new ArrayList<>();
        for (int from = 0; from < count; from += Conversations.MAX_MESSAGES) {
            List<NewMessage> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + Conversations.MAX_MESSAGES); i++) {
                batch.add(NewMessage.user(sender, "m" + i));
            }
            List<String> ids = conversations().send(app.id(), conversationId, batch);
            sent.addAll(storage().conversations().findMessages(app.id(), conversationId, ids).values());
            tick(1);
        }
        return sent;
    }

    @Test
    void messagesBySenderPageNewestFirstAcrossConversations() {
        String me = newUser();
        String other = newUser();
        String first = newConversation(me, other);
        String second = newConversation(me);
        List<Message> mine = new ArrayList<>(sent(first, me, 7));
        sent(first, other, 3);
        mine.addAll(sent(second, me, 6));
        mine.sort(NEWEST_FIRST);

        List<Message> walked = new ArrayList<>();
        MessageCursor after = null;
        for (int pages = 0; pages < 100; pages++) {
            List<Message> page = storage().conversations().messagesBySender(app.id(), me, after, 4);
            assertTrue(page.size() <= 4);
            walked.addAll(page);
            if (page.size() < 4) {
                break;
            }
            after = MessageCursor.after(page.get(page.size() - 1));
        }

        assertEquals(mine, walked);
        assertEquals(List.of(), storage().conversations().messagesBySender(app.id(), newId("nobody"), null, 10));
    }

    @Test
    void exportHandsOverEveryPartInOrder() {
        String me = newId("me");
        roster.upsertUser(app.id(), me, UserPatch.builder().name("Me").email("me@example.com").phone("+1 555")
                .build());
        String other = newUser();
        String older = newConversation(me, other);
        tick(10);
        String newer = newConversation(me);
        newConversation(other);
        List<Message> mine = new ArrayList<>(sent(older, me, 3));
        sent(older, other, 2);
        mine.addAll(sent(newer, me, 2));
        mine.sort(NEWEST_FIRST);
        roster.presence().touch(app.id(), me, "session-1");

        Collected export = new Collected();
        roster.exportUser(app.id(), me, export);

        assertEquals(List.of("user", "conversation", "conversation", "message", "message", "message", "message",
                "message", "presence"), export.calls);
        assertEquals(List.of("me@example.com"), export.user.email(), "private fields are exported");
        assertEquals(clock.millis(), export.lifecycle.lastActiveAt());
        assertEquals(List.of(older, newer), export.conversations.stream().map(c -> c.view().conversation().id())
                .toList(), "in createdAt order");
        assertTrue(export.conversations.stream().allMatch(c -> c.entry().userId().equals(me)), "with my entry");
        assertEquals(mine, export.messages);
        assertEquals(List.of("session-1"), export.presence.stream().map(PresenceSession::sessionId).toList());
    }

    @Test
    void exportReadsBoundedPages() {
        String me = newUser();
        String c = newConversation(me);
        int count = 2 * Roster.EXPORT_PAGE + 5;
        sent(c, me, count);
        CountingStorage counting = new CountingStorage(storage());
        Collected export = new Collected();
        try (Roster counted = builder().storage(counting).build()) {
            counted.exportUser(app.id(), me, export);
        }
        assertEquals(count, export.messages.size());
        assertEquals(Roster.EXPORT_PAGE, counting.largestMessagePage(), "no read asks for more than a page");
    }

    @Test
    void anUnknownUserIsNotFoundBeforeAnythingIsHandedOver() {
        Collected export = new Collected();
        RosterException e = assertThrows(RosterException.class, () -> roster.exportUser(app.id(), newId("nobody"),
                export));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals(List.of(), export.calls);
    }

    /** Keeps what an export hands over, and the order of the calls. */
    private static final class Collected implements UserExportVisitor {
        final List<String> calls = new ArrayList<>();
        final List<UserConversation> conversations = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();
        final List<PresenceSession> presence = new ArrayList<>();
        User user;
        UserLifecycle lifecycle;

        @Override
        public void user(User value, UserLifecycle state) {
            calls.add("user");
            user = value;
            lifecycle = state;
        }

        @Override
        public void conversation(UserConversation conversation) {
            calls.add("conversation");
            conversations.add(conversation);
        }

        @Override
        public void message(Message message) {
            calls.add("message");
            messages.add(message);
        }

        @Override
        public void presence(PresenceSession session) {
            calls.add("presence");
            presence.add(session);
        }
    }
}
