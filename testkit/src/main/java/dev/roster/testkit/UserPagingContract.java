package dev.roster.testkit;

import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listing users: id order by code point, keyset paging with startingAfter, apps kept apart. */
public abstract class UserPagingContract extends ContractSupport {

    private static final List<String> TRICKY_IDS = List.of("B", "a", "a b", "a-b", "ab", "Z", "é", "\uFFFD", "😀",
            "10", "9", "ß", "ss");

    @Test
    void usersArePagedInCodePointOrderWithoutGapsOrRepeats() {
        for (String id : TRICKY_IDS) {
            users.upsertUser(app.id(), id, UserPatch.builder().name("n").build());
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        List<User> page;
        do {
            page = roster.listUsers(app.id(), after, 4);
            page.forEach(u -> seen.add(u.id()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == 4);
        List<String> expected = TRICKY_IDS.stream().sorted(dev.roster.core.domain.Ids.ORDER).toList();
        assertEquals(expected, seen);
        assertTrue(expected.indexOf("\uFFFD") < expected.indexOf("😀"), "code points, not UTF-16 units");
    }

    @Test
    void startingAfterAnUnknownIdStartsAtTheNextId() {
        for (String id : List.of("a", "c", "e")) {
            users.upsertUser(app.id(), id, UserPatch.builder().name(id).build());
        }
        assertEquals(List.of("c", "e"), roster.listUsers(app.id(), "b", 10).stream().map(User::id).toList());
    }

    @Test
    void appsAreKeptApart() {
        App other = roster.saveApp(new App(newId("app"), "sk_test_" + newId("key"), AppSettings.defaults()));
        users.upsertUser(app.id(), "shared-id", UserPatch.builder().name("Mine").build());
        assertTrue(users.findUser(other.id(), "shared-id").isEmpty());
        assertEquals(List.of(), roster.listUsers(other.id(), null, 10));
        users.upsertUser(other.id(), "shared-id", UserPatch.builder().name("Theirs").build());
        assertEquals("Mine", users.findUser(app.id(), "shared-id").orElseThrow().name());
    }

    @Test
    void theCountIsHowManyUsersTheListingWalks() {
        assertEquals(0, storage().users().count(app.id()));
        for (String id : TRICKY_IDS) {
            users.upsertUser(app.id(), id, UserPatch.builder().name("n").build());
        }
        assertEquals(storage().users().list(app.id(), null, 100).size(), storage().users().count(app.id()));
        assertEquals(TRICKY_IDS.size(), storage().users().count(app.id()));
        App other = roster.saveApp(new App(newId("app"), "sk_test_" + newId("key"), AppSettings.defaults()));
        assertEquals(0, storage().users().count(other.id()), "apps are kept apart");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void aLimitOutOfRangeIsRejected(int limit) {
        RosterException error = assertThrows(RosterException.class, () -> roster.listUsers(app.id(), null, limit));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(List.of("limit"), List.copyOf(error.violations().byField().keySet()));
    }
}
