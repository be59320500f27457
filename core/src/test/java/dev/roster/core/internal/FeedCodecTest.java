package dev.roster.core.internal;

import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.FeedData;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The events of a log entry come back from their text exactly as written, whatever the strings hold. */
class FeedCodecTest {

    private static final String AWKWARD = "q\"uote \\ back\nline\ttab \u0001 é 𝄞 \u2028 {}[],:";

    @Test
    void everyKindOfDataRoundTrips() {
        User user = User.create("u1", UserPatch.builder().name(AWKWARD).email("a@b.c", "d@e.f")
                .custom("k" + AWKWARD, AWKWARD).role(null).build(), 1_700_000_000_000L);
        ConversationRecord record = ConversationRecord.create("c1",
                ConversationPatch.none().withSubject(AWKWARD).withParticipants("u1", "u2"), 5).after();
        Message message = new Message("msg_1", "c1", MessageType.SYSTEM_MESSAGE, null, AWKWARD,
                new TreeMap<>(Map.of("z", "1", "a", "2")), 7, null, "rest", null, "key");
        List<FeedCodec.Item> items = List.of(
                new FeedCodec.Item(FeedEventType.USER_UPDATED, user.id(), null, new FeedData.UserState(user)),
                new FeedCodec.Item(FeedEventType.CONVERSATION_CREATED, null, "c1",
                        new FeedData.ConversationState(record.view())),
                new FeedCodec.Item(FeedEventType.PARTICIPANT_JOINED, "u2", "c1",
                        new FeedData.ParticipantState(record.entries().get("u2"))),
                new FeedCodec.Item(FeedEventType.MESSAGE_CREATED, null, "c1",
                        new FeedData.MessageState(message, List.of("u1"))),
                new FeedCodec.Item(FeedEventType.MESSAGE_DELETED, null, "c1", new FeedData.Removed("msg_0")));

        List<FeedCodec.Item> decoded = FeedCodec.decode(FeedCodec.encode(items));

        assertEquals(items, decoded);
        assertEquals(List.of(), FeedCodec.decode(FeedCodec.encode(List.of())));
    }

    @Test
    void aConversationWithoutOptionalFieldsRoundTrips() {
        Conversation bare = Conversation.create("c2", ConversationPatch.none(), 1);
        ConversationRecord record = new ConversationRecord(bare, null, Map.of());
        List<FeedCodec.Item> items = List.of(new FeedCodec.Item(FeedEventType.CONVERSATION_UPDATED, null, "c2",
                new FeedData.ConversationState(record.view())));
        assertEquals(items, FeedCodec.decode(FeedCodec.encode(items)));
    }

    @Test
    void corruptTextFailsLoudly() {
        assertThrows(IllegalStateException.class, () -> FeedCodec.decode("[{\"t\":"));
        assertThrows(IllegalStateException.class, () -> FeedCodec.decode("{}"));
    }
}
