package dev.roster.mongo;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.User;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.UserWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile keys and values (operators, dotted paths, {@code $where}, nested operator documents as
 * JSON text) are stored and matched as plain data: they never become an operator or a path.
 */
class MongoInjectionTest {

    private static final List<String> HOSTILE = List.of("$where", "$gt", "a.b", "$set.x", "..", "$", ".",
            "{\"$ne\": null}", "function() { return true; }", "$or", "k", "v", "\u0000x");

    private final MongoFixture fixture = new MongoFixture();
    private final MongoStorage store = fixture.journaled(Duration.ofMinutes(5));
    private final String app = "app-" + UUID.randomUUID();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static TreeMap<String, String> hostileCustom() {
        TreeMap<String, String> custom = new TreeMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            custom.put(HOSTILE.get(i), HOSTILE.get((i + 1) % HOSTILE.size()));
        }
        return custom;
    }

    @Test
    void hostileCustomKeysAndValuesOfUsersRoundTrip() {
        User user = new User("$where", "{\"$gt\": \"\"}", List.of("a.b@c"), List.of(), "$x", null, "$role", null,
                hostileCustom(), new TreeSet<>(Set.of("fcm:$gt.x")), "$where", 1);
        store.users().write(app, List.of(new UserWrite(user, 0)));
        User patched = new User(user.id(), user.name(), user.email(), user.phone(), user.photoUrl(), null, user.role(),
                null, new TreeMap<>(Map.of("$inc", "1", "x.y.z", "$unset")), user.pushTokens(), null, 1);
        store.users().write(app, List.of(new UserWrite(patched, 1)));

        assertEquals(patched, store.users().load(app, List.of("$where")).get("$where").value());
    }

    @Test
    void hostileUserIdsMatchOnlyThemselves() {
        store.users().write(app, List.of(new UserWrite(MongoFixture.user("plain", "P"), 0)));
        for (String id : HOSTILE) {
            if (!id.contains("\u0000")) {
                assertEquals(Map.of(), store.users().load(app, List.of(id)), id);
            }
        }
        store.users().write(app, List.of(new UserWrite(MongoFixture.user("a.b", "Dots"), 0),
                new UserWrite(MongoFixture.user("$gt", "Dollar"), 0)));
        assertEquals(Set.of("a.b"), store.users().load(app, List.of("a.b")).keySet());
        assertEquals(List.of("$gt", "a.b", "plain"),
                store.users().list(app, null, 10).stream().map(User::id).toList());
    }

    @Test
    void filtersOnHostileCustomKeysMatchExactlyTheStoredPairs() {
        TreeMap<String, String> custom = hostileCustom();
        String hit = write("hit", custom);
        write("miss", new TreeMap<>(Map.of("other", "$where")));
        for (Map.Entry<String, String> pair : custom.entrySet()) {
            assertEquals(List.of(hit), list(new ConversationFilter.CustomIn(pair.getKey(), Set.of(pair.getValue()), false)),
                    pair.getKey());
            assertEquals(List.of(hit), list(new ConversationFilter.CustomExists(pair.getKey(), true)), pair.getKey());
        }
        assertEquals(List.of(), list(new ConversationFilter.CustomIn("$where", Set.of("{\"$ne\": null}"), false)));
        assertEquals(List.of(), list(new ConversationFilter.CustomExists("$exists", true)));
        assertEquals(2, list(new ConversationFilter.CustomIn("a", Set.of("$ne"), true)).size());
        assertEquals(List.of(), list(new ConversationFilter.SubjectIn(Set.of("$ne"), false)));
    }

    private String write(String prefix, TreeMap<String, String> custom) {
        String cid = prefix + "-" + UUID.randomUUID();
        Conversation c = new Conversation(cid, "s", null, null, custom, 10, null);
        InboxEntry entry = new InboxEntry("$where", cid, Access.READ_WRITE, Notify.ALL, 10, 0, false, 10, "s", custom,
                null, 10, 0);
        store.conversations().write(app, new ConversationWrite(cid, 0, c, null, List.of(entry), Set.of(), List.of(), Set.of()));
        return cid;
    }

    private List<String> list(ConversationFilter filter) {
        return store.conversations().listInbox(app, ConversationQuery.builder("$where").filter(filter).limit(100).build())
                .conversations().stream().map(record -> record.conversation().id()).toList();
    }
}
