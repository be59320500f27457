package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.PresenceSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence (SPEC §7): a user is online while a session of theirs is renewed within the presence
 * window; the store keeps it so that every process agrees. Time comes from the test's clock.
 */
public abstract class PresenceContract extends ContractSupport {

    private static final Duration WINDOW = Duration.ofSeconds(15);

    @Override
    protected Roster.Builder configure(Roster.Builder builder) {
        return builder.presenceWindow(WINDOW);
    }

    private String user(String name) {
        String id = newId(name);
        roster.upsertUser(app.id(), id, UserPatch.builder().name(name).build());
        return id;
    }

    @Test
    void aUserIsOnlineUntilTheWindowPasses() {
        String ann = user("ann");
        String session = newId("s");
        roster.touchPresence(app.id(), ann, session);
        assertEquals(Set.of(ann), roster.onlineUsers(app.id(), List.of(ann)));

        clock.advance(WINDOW.minusMillis(1));
        assertEquals(Set.of(ann), roster.onlineUsers(app.id(), List.of(ann)));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Set.of(), roster.onlineUsers(app.id(), List.of(ann)));
    }

    @Test
    void aRenewedSessionStaysOnlineAndKeepsItsStart() {
        String ann = user("ann");
        String session = newId("s");
        long start = clock.millis();
        roster.touchPresence(app.id(), ann, session);
        clock.advance(Duration.ofSeconds(10));
        roster.touchPresence(app.id(), ann, session);
        clock.advance(Duration.ofSeconds(10));

        List<PresenceSession> sessions = roster.presenceSessions(app.id(), ann);

        assertEquals(List.of(new PresenceSession(session, ann, start, start + 20_000 + 5_000)), sessions);
    }

    @Test
    void endingASessionTakesTheUserOffline() {
        String ann = user("ann");
        String first = newId("s");
        String second = newId("s");
        roster.touchPresence(app.id(), ann, first);
        roster.touchPresence(app.id(), ann, second);
        roster.endPresence(app.id(), first);
        assertEquals(1, roster.presenceSessions(app.id(), ann).size());
        roster.endPresence(app.id(), second);
        assertEquals(List.of(), roster.presenceSessions(app.id(), ann));
    }

    @Test
    void listingFiltersByOnlineState() {
        String a = user("a");
        String b = user("b");
        String c = user("c");
        roster.touchPresence(app.id(), b, newId("s"));
        roster.touchPresence(app.id(), b, newId("s"));

        assertEquals(List.of(b), roster.listUsers(app.id(), null, 10, true).stream().map(User::id).toList());
        List<String> offline = roster.listUsers(app.id(), null, 10, false).stream().map(User::id).toList();
        assertEquals(List.of(a, c).stream().sorted(dev.roster.core.domain.Ids.ORDER).toList(), offline);
        assertEquals(1, roster.listUsers(app.id(), null, 1, false).size());
    }

    @Test
    void presenceIsScopedByApp() {
        String ann = user("ann");
        roster.touchPresence(newId("other-app"), ann, newId("s"));
        assertTrue(roster.onlineUsers(app.id(), List.of(ann)).isEmpty());
    }

    @Test
    void expiredSessionsArePurged() {
        String ann = user("ann");
        roster.touchPresence(app.id(), ann, newId("s"));
        clock.advance(WINDOW);
        assertTrue(storage().presence().purgeExpired(clock.millis()) >= 1);
        assertEquals(List.of(), storage().presence().sessions(app.id(), List.of(ann), 0));
    }
}
