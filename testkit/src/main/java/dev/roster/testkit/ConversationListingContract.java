package dev.roster.testkit;

import dev.roster.core.api.Conversations;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.ApiVersion;
import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserConversation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ordering, cursors, unreadsOnly, lastMessageBefore/After and the API version rules (SPEC §5). */
public abstract class ConversationListingContract extends ConversationSupport {

    private ConversationQuery.Builder query(String user) {
        return ConversationQuery.builder(user);
    }

    @Test
    void defaultOrderIsLastActivityNewestFirst() {
        String me = newUser();
        String a = newConversation(me);
        tick(5);
        String b = newConversation(me);
        tick(5);
        String c = newConversation(me);
        tick(5);
        conversations().send(app.id(), a, List.of(NewMessage.user(me, "bump")));
        assertEquals(List.of(a, c, b), ids(query(me).build()));
        assertEquals(List.of(b, c, a), ids(query(me).direction(SortDirection.ASC).build()));
        assertEquals(List.of(c, b, a), ids(query(me).order(ConversationOrder.CREATED_AT).build()));
        assertEquals(List.of(a, b, c), ids(query(me).order(ConversationOrder.CREATED_AT).direction(SortDirection.ASC).build()));
    }

    @Test
    void tiesAreBrokenByConversationIdInTheSameDirection() {
        String me = newUser();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(newConversation(me));
        }
        List<String> ascending = new ArrayList<>(created);
        ascending.sort(Ids.ORDER);
        List<String> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        for (ConversationOrder order : ConversationOrder.values()) {
            assertEquals(ascending, walk(query(me).order(order).direction(SortDirection.ASC), 1));
            assertEquals(descending, walk(query(me).order(order).direction(SortDirection.DESC), 1));
            assertEquals(descending, walk(query(me).order(order), 4));
        }
    }

    @Test
    void startingAfterContinuesRightAfterThatConversation() {
        String me = newUser();
        String a = newConversation(me);
        tick(1);
        String b = newConversation(me);
        tick(1);
        String c = newConversation(me);
        assertEquals(List.of(b, a), ids(query(me).startingAfter(c).build()));
        assertEquals(List.of(c), ids(query(me).direction(SortDirection.ASC).startingAfter(b).build()));
        assertEquals(List.of(), ids(query(me).startingAfter(a).build()));
    }

    @Test
    void anUnknownStartingAfterIsAnError() {
        String me = newUser();
        newConversation(me);
        String elsewhere = newConversation(newUser());
        for (String bad : List.of("no-such-conversation", elsewhere)) {
            RosterException e = assertThrows(RosterException.class,
                    () -> conversations().list(app.id(), query(me).startingAfter(bad).build()));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.violations().byField().containsKey("startingAfter"));
        }
    }

    @Test
    void offsetTsStartsAtThatTimeInclusiveThenPagesAcrossTies() {
        String me = newUser();
        String early = newConversation(me);
        tick(10);
        long at = clock.millis();
        List<String> tied = new ArrayList<>(List.of(newConversation(me), newConversation(me), newConversation(me)));
        tick(10);
        String late = newConversation(me);
        tied.sort(Ids.ORDER);
        List<String> tiedDescending = new ArrayList<>(tied);
        Collections.reverse(tiedDescending);

        List<String> desc = new ArrayList<>(tiedDescending);
        desc.add(early);
        assertEquals(desc, walk(query(me).offsetTs(at), 1));
        List<String> asc = new ArrayList<>(tied);
        asc.add(late);
        assertEquals(asc, walk(query(me).direction(SortDirection.ASC).offsetTs(at), 2));
        assertEquals(List.of(early), walk(query(me).offsetTs(at - 1), 3));
    }

    @Test
    void unreadsOnlyListsConversationsWithMessagesTheUserHasNotRead() {
        String me = newUser();
        String other = newUser();
        String unread = newConversation(me, other);
        String mine = newConversation(me, other);
        String read = newConversation(me, other);
        newConversation(me, other);
        tick(1);
        conversations().send(app.id(), unread, List.of(NewMessage.user(other, "a"), NewMessage.system("b")));
        conversations().send(app.id(), mine, List.of(NewMessage.user(me, "mine")));
        conversations().send(app.id(), read, List.of(NewMessage.user(other, "c")));
        conversations().markRead(app.id(), read, me);
        List<UserConversation> page = conversations().list(app.id(), query(me).unreadsOnly(true).build());
        assertEquals(List.of(unread), page.stream().map(c -> c.view().conversation().id()).toList());
        assertEquals(2, page.get(0).unreadMessageCount());
        assertTrue(page.get(0).isUnread());
        assertEquals(Set.of(unread, mine), Set.copyOf(ids(query(other).unreadsOnly(true).build())),
                "a system message is unread for everyone, a user's own message never for its sender");
    }

    @Test
    void lastMessageBeforeAndAfterAreExclusiveAndSkipConversationsWithoutMessages() {
        String me = newUser();
        String silent = newConversation(me);
        String first = newConversation(me);
        String second = newConversation(me);
        tick(10);
        long t1 = clock.millis();
        conversations().send(app.id(), first, List.of(NewMessage.user(me, "1")));
        tick(10);
        long t2 = clock.millis();
        conversations().send(app.id(), second, List.of(NewMessage.user(me, "2")));
        assertEquals(List.of(first), ids(query(me).lastMessageBefore(t2).build()));
        assertEquals(List.of(), ids(query(me).lastMessageBefore(t1).build()));
        assertEquals(List.of(second), ids(query(me).lastMessageAfter(t1).build()));
        assertEquals(List.of(second, first), ids(query(me).lastMessageAfter(t1 - 1).build()));
        assertEquals(List.of(), ids(query(me).lastMessageAfter(t1).lastMessageBefore(t2).build()));
        assertFalse(ids(query(me).lastMessageBefore(t2 + 1).build()).contains(silent));
    }

    @Test
    void beforeVersion20210209TheOrderIsCreatedAtDescending() {
        String me = newUser();
        String a = newConversation(me);
        tick(5);
        String b = newConversation(me);
        tick(5);
        conversations().send(app.id(), a, List.of(NewMessage.user(me, "bump")));
        ConversationQuery old = query(me).apiVersion(ApiVersion.V2021_01_01)
                .order(ConversationOrder.LAST_ACTIVITY).direction(SortDirection.ASC).build();
        assertEquals(List.of(b, a), ids(old));
        assertEquals(List.of(a, b), ids(query(me).apiVersion(ApiVersion.V2021_02_09).build()));
        RosterException e = assertThrows(RosterException.class,
                () -> query(me).apiVersion(ApiVersion.V2021_01_01).offsetTs(1L).build());
        assertTrue(e.violations().byField().containsKey("offsetTs"));
    }

    @Test
    void leftConversationsVanishFromVersion20210730() {
        String me = newUser();
        String other = newUser();
        String kept = newConversation(me, other);
        tick(1);
        String left = newConversation(me, other);
        conversations().leave(app.id(), left, me);
        tick(1);
        conversations().send(app.id(), left, List.of(NewMessage.user(other, "after I left")));
        assertEquals(List.of(kept), ids(query(me).apiVersion(ApiVersion.V2021_07_30).build()));
        assertEquals(List.of(kept), ids(query(me).build()));
        List<UserConversation> old = conversations().list(app.id(), query(me).apiVersion(ApiVersion.V2021_02_09)
                .order(ConversationOrder.CREATED_AT).build());
        assertEquals(List.of(left, kept), old.stream().map(c -> c.view().conversation().id()).toList());
        assertEquals(0, old.get(0).unreadMessageCount(), "a user who left gets no more unread messages");
        assertFalse(old.get(0).view().participants().containsKey(me));
        RosterException e = assertThrows(RosterException.class,
                () -> conversations().list(app.id(), query(me).startingAfter(left).build()));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    @Test
    void accessNoneKeepsTheConversationAndItsHistory() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me, other);
        conversations().send(app.id(), c, List.of(NewMessage.user(other, "before")));
        conversations().patchParticipant(app.id(), c, me, ParticipationPatch.of(Access.NONE, null));
        conversations().send(app.id(), c, List.of(NewMessage.user(other, "after")));
        List<UserConversation> page = conversations().list(app.id(), query(me).build());
        assertEquals(1, page.size());
        assertEquals(Access.NONE, page.get(0).entry().access());
        assertEquals(Access.NONE, page.get(0).view().participants().get(me).access());
        assertEquals(2, conversations().messages(app.id(), c, null, 10).size());
    }

    @Test
    void anUnknownUserIsAnErrorFromVersion20240101() {
        String ghost = newId("ghost");
        RosterException e = assertThrows(RosterException.class,
                () -> conversations().list(app.id(), query(ghost).build()));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals(List.of(), conversations().list(app.id(), query(ghost).apiVersion(ApiVersion.V2021_07_30).build()));
    }

    @Test
    void limitsAreOneToOneHundredAndDefaultTen() {
        String me = newUser();
        for (int i = 0; i < 12; i++) {
            newConversation(me);
        }
        assertEquals(10, ids(query(me).build()).size());
        for (int bad : new int[] {0, 101}) {
            RosterException e = assertThrows(RosterException.class, () -> query(me).limit(bad).build());
            assertTrue(e.violations().byField().containsKey("limit"));
        }
        assertEquals(12, ids(query(me).limit(100).build()).size());
    }

    @Test
    void anEntryCarriesWhatTheUsersConversationShapeNeeds() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me, other);
        tick(3);
        List<String> sent = conversations().send(app.id(), c, List.of(NewMessage.user(other, "one"), NewMessage.user(other, "two")));
        UserConversation entry = conversations().list(app.id(), query(me).build()).get(0);
        assertEquals(sent.get(1), entry.view().lastMessage().id(), "the last of one send is its last message");
        assertEquals(2, entry.unreadMessageCount());
        assertEquals(List.of(me, other).stream().sorted().toList(), List.copyOf(entry.view().participants().keySet()));
        assertEquals(0, entry.view().participants().get(other).unreadCount());
        assertEquals(clock.millis(), entry.entry().lastActivityAt());
        assertNull(entry.view().conversation().subject());
    }

    @Test
    void aPageIsOneStoreReadAndOneMoreOnlyWhenTheUserMayBeUnknown() {
        String me = newUser();
        String alone = newUser();
        for (int i = 0; i < 3; i++) {
            newConversation(me);
            tick(1);
        }
        CountingStorage counting = new CountingStorage(storage());
        try (Roster counted = Roster.builder().storage(counting).clock(clock).build()) {
            Conversations listing = counted.conversations();
            List<UserConversation> first = listing.list(app.id(), query(me).limit(2).build());
            assertEquals(2, first.size());
            assertEquals(1, counting.reads(), "a first page: one listing call, conversations included");
            String last = first.get(1).view().conversation().id();
            assertEquals(1, listing.list(app.id(), query(me).limit(2).startingAfter(last).build()).size());
            assertEquals(2, counting.reads(), "a next page: the cursor is resolved by the same call");
            assertEquals(List.of(), listing.list(app.id(), query(alone).build()));
            assertEquals(4, counting.reads(), "an empty page from 2024-01-01 reads the user, who might be unknown");
            assertEquals(List.of(), listing.list(app.id(), query(alone).apiVersion(ApiVersion.V2021_07_30).build()));
            assertEquals(5, counting.reads(), "before 2024-01-01 an empty page is the answer either way");
            RosterException badCursor = assertThrows(RosterException.class,
                    () -> listing.list(app.id(), query(alone).startingAfter(last).build()));
            assertEquals(ErrorCode.INVALID_ARGUMENT, badCursor.code());
            assertEquals(7, counting.reads(), "a cursor the store found nothing for reads the user");
            RosterException unknown = assertThrows(RosterException.class,
                    () -> listing.list(app.id(), query(newId("ghost")).startingAfter(last).build()));
            assertEquals(ErrorCode.NOT_FOUND, unknown.code(), "an unknown user is 404 before a bad cursor is 400");
        }
    }

    @Test
    void queryParametersIncludingTheSortBySpelling() {
        String me = newUser();
        ConversationQuery q = ConversationQuery.fromParameters(me, QueryParameters.of(Map.of("sortBy", "createdAt+ASC",
                "limit", "30", "unreadsOnly", "true", "offsetTs", "5", "filter", "{\"hasMessages\": true}")),
                Map.of("hasMessages", true), ApiVersion.V2021_07_30);
        assertEquals(ConversationFilter.parse(Map.of("hasMessages", true)), q.filter());
        assertEquals(ConversationOrder.CREATED_AT, q.order());
        assertEquals(SortDirection.ASC, q.direction());
        assertEquals(30, q.limit());
        assertTrue(q.unreadsOnly());
        assertEquals(5L, q.offsetTs());
        ConversationQuery defaults = ConversationQuery.fromParameters(me, QueryParameters.none(), null, ApiVersion.latest());
        assertEquals(ConversationOrder.LAST_ACTIVITY, defaults.order());
        assertEquals(SortDirection.DESC, defaults.direction());
        assertEquals(ConversationQuery.DEFAULT_LIMIT, defaults.limit());
        RosterException e = assertThrows(RosterException.class, () -> ConversationQuery.fromParameters(me,
                QueryParameters.of(Map.of("limit", "ten", "orderBy", "name", "orderDirection", "UP", "unreadsOnly", "yes",
                        "filter", "{\"custom\": {\"x\": 1}}")),
                Map.of("custom", Map.of("x", 1)), ApiVersion.latest()));
        assertEquals(Set.of("limit", "orderBy", "orderDirection", "unreadsOnly", "filter.custom.x"),
                e.violations().byField().keySet());
        RosterException nullFilter = assertThrows(RosterException.class, () -> ConversationQuery.fromParameters(me,
                QueryParameters.of(Map.of("filter", "null")), null, ApiVersion.latest()));
        assertEquals(Set.of("filter"), nullFilter.violations().byField().keySet(), "a null filter is malformed, not \"all\"");
        ConversationQuery old = ConversationQuery.fromParameters(me, QueryParameters.of(Map.of("sortBy", "lastActivity ASC")),
                null, ApiVersion.V2021_01_01);
        assertEquals(ConversationOrder.CREATED_AT, old.order(), "before 2021-02-09 the order is always createdAt");
        assertEquals(SortDirection.DESC, old.direction(), "and DESC");
    }
}
