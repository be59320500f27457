package dev.roster.testkit;

import dev.roster.core.api.Conversations;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Capability#ISOLATED_MULTI_WRITES}: a write of several users, or of a conversation with
 * its entries and messages, is invisible to readers until complete. A reader loads while a writer
 * commits one write after another, and every state it sees must be one of them whole.
 */
public abstract class IsolatedMultiWriteContract extends CapabilityContract {

    private static final int USERS = 10;
    private static final int ROUNDS = 40;

    @Override
    protected final Capability capability() {
        return Capability.ISOLATED_MULTI_WRITES;
    }

    @Test
    void aReaderNeverSeesPartOfAMultiUserWrite() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            ids.add(newId("u"));
        }
        assertTrue(storage().users().write(app.id(), round(ids, 0)));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int round = 1; round <= ROUNDS; round++) {
                assertTrue(storage().users().write(app.id(), round(ids, round)), "nobody else writes these users");
            }
        });
        List<String> torn = new ArrayList<>();
        do {
            Map<String, Versioned<User>> seen = storage().users().load(app.id(), ids);
            Set<String> states = seen.values().stream().map(u -> u.version() + ":" + u.value().name())
                    .collect(Collectors.toSet());
            if ((seen.size() != USERS || states.size() != 1) && torn.size() < 3) {
                torn.add(seen.size() + " users in states " + states);
            }
        } while (!writer.isDone());
        await(writer);
        assertEquals(List.of(), torn, "reads that saw part of a write");
        assertEquals(ROUNDS + 1L, storage().users().load(app.id(), ids.subList(0, 1)).get(ids.get(0)).version());
    }

    @Test
    void aReaderNeverSeesPartOfAConversationWrite() {
        String me = newUser("me");
        String other = newUser("other");
        String c = newId("c");
        conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me, other));
        long created = load(c).version();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= ROUNDS; i++) {
                conversations().send(app.id(), c, List.of(NewMessage.user(other, "m" + i)));
            }
        });
        List<String> torn = new ArrayList<>();
        do {
            Versioned<ConversationRecord> seen = load(c);
            long sends = seen.version() - created;
            Message last = seen.value().lastMessage();
            boolean whole = seen.value().entries().get(me).unreadCount() == sends
                    && Objects.equals(sends == 0 ? null : "m" + sends, last == null ? null : last.text());
            if (!whole && torn.size() < 3) {
                torn.add(seen.toString());
            }
        } while (!writer.isDone());
        await(writer);
        assertEquals(List.of(), torn, "reads that saw part of a send");
        assertEquals(created + ROUNDS, load(c).version());
    }

    private Conversations conversations() {
        return roster.conversations();
    }

    private String newUser(String prefix) {
        String id = newId(prefix);
        roster.upsertUser(app.id(), id, UserPatch.builder().name(prefix).build());
        return id;
    }

    private Versioned<ConversationRecord> load(String conversationId) {
        return storage().conversations().load(app.id(), List.of(conversationId)).get(conversationId);
    }

    private List<UserWrite> round(List<String> ids, int round) {
        return ids.stream().map(id -> new UserWrite(User.create(id, UserPatch.builder().name("round " + round).build(),
                clock.millis()), round)).toList();
    }
}
