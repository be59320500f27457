package dev.roster.testkit;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.SortDirection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every operator of the filter language (SPEC §6), run through the store's own listing query,
 * and the messages of malformed filters.
 */
public abstract class ConversationFilterContract extends ConversationSupport {

    private String me;
    private String other;
    /** Created in this order, 10 ms apart: shoes (subject "Hi"), hats (no subject), none (no custom). */
    private String shoes;
    private String hats;
    private String plain;
    private long t0;

    @BeforeEach
    void threeConversations() {
        me = newUser();
        other = newUser();
        t0 = clock.millis();
        shoes = newId("c");
        conversations().upsert(app.id(), shoes, ConversationPatch.none().withSubject("Hi")
                .withCustom("category", "shoes").withParticipants(me, other));
        tick(10);
        hats = newId("c");
        conversations().upsert(app.id(), hats, ConversationPatch.none().withCustom("category", "hats")
                .withCustom("tag", "x").withParticipants(me, other));
        tick(10);
        plain = newId("c");
        conversations().upsert(app.id(), plain, ConversationPatch.none().withParticipants(me, other));
        tick(10);
        conversations().send(app.id(), hats, List.of(NewMessage.user(other, "new hats")));
        conversations().send(app.id(), plain, List.of(NewMessage.user(me, "mine")));
        conversations().patchParticipant(app.id(), shoes, me, dev.roster.core.domain.ParticipationPatch.of(Access.READ, null));
    }

    private List<String> matching(Object filterJson) {
        ConversationQuery.Builder query = ConversationQuery.builder(me).order(ConversationOrder.CREATED_AT)
                .direction(SortDirection.ASC).filter(ConversationFilter.parse(filterJson));
        return walk(query, 2);
    }

    private static List<Object> p(Object... parts) {
        return new ArrayList<>(Arrays.asList(parts));
    }

    private static Map<String, Object> f(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void emptyFilterMatchesAll() {
        assertEquals(List.of(shoes, hats, plain), matching(Map.of()));
    }

    @Test
    void accessOperators() {
        assertEquals(List.of(shoes), matching(f("access", p("==", "Read"))));
        assertEquals(List.of(hats, plain), matching(f("access", p("!=", "Read"))));
        assertEquals(List.of(shoes, hats, plain), matching(f("access", p("oneOf", p("Read", "ReadWrite")))));
        assertEquals(List.of(), matching(f("access", p("oneOf", p("None")))));
        assertEquals(List.of(hats, plain), matching(f("access", p("!oneOf", p("Read", "None")))));
    }

    @Test
    void accessNoneIsListedAndFilterable() {
        conversations().patchParticipant(app.id(), plain, me, dev.roster.core.domain.ParticipationPatch.of(Access.NONE, null));
        assertEquals(List.of(plain), matching(f("access", p("==", "None"))));
        assertEquals(List.of(shoes, hats, plain), matching(Map.of()));
    }

    @Test
    void customEqualityAndMissingKeys() {
        assertEquals(List.of(shoes), matching(f("custom", f("category", p("==", "shoes")))));
        assertEquals(List.of(hats, plain), matching(f("custom", f("category", p("!=", "shoes")))),
                "a conversation without the key matches !=");
        assertEquals(List.of(), matching(f("custom", f("missing", p("==", "x")))));
        assertEquals(List.of(shoes, hats, plain), matching(f("custom", f("missing", p("!=", "x")))));
    }

    @Test
    void customMembershipAndExistence() {
        assertEquals(List.of(shoes, hats), matching(f("custom", f("category", p("oneOf", p("shoes", "hats"))))));
        assertEquals(List.of(hats, plain), matching(f("custom", f("category", p("!oneOf", p("shoes"))))));
        assertEquals(List.of(shoes, hats), matching(f("custom", f("category", "exists"))));
        assertEquals(List.of(plain), matching(f("custom", f("category", "!exists"))));
        assertEquals(List.of(hats), matching(f("custom", f("category", "exists", "tag", p("==", "x")))),
                "every custom key must hold");
    }

    @Test
    void theSeedExampleReadsAccessAsACustomKey() {
        assertEquals(List.of(), matching(f("custom", f("category", p("==", "shoes"), "access", p("==", "ReadWrite")))));
    }

    @Test
    void subjectWithNullAsAValue() {
        assertEquals(List.of(shoes), matching(f("subject", p("==", "Hi"))));
        assertEquals(List.of(hats, plain), matching(f("subject", p("==", null))));
        assertEquals(List.of(shoes), matching(f("subject", p("!=", null))));
        assertEquals(List.of(hats, plain), matching(f("subject", p("!=", "Hi"))));
        assertEquals(List.of(shoes, hats, plain), matching(f("subject", p("oneOf", p("Hi", null)))));
        assertEquals(List.of(hats, plain), matching(f("subject", p("!oneOf", p("Hi", "Other")))));
    }

    @Test
    void unreadAndHasMessagesWithTheOlderName() {
        assertEquals(List.of(hats), matching(f("isUnread", true)));
        assertEquals(List.of(hats), matching(f("hasUnreadMessages", true)));
        assertEquals(List.of(shoes, plain), matching(f("isUnread", false)));
        assertEquals(List.of(hats, plain), matching(f("hasMessages", true)));
        assertEquals(List.of(shoes), matching(f("hasMessages", false)));
    }

    @Test
    void timeComparisons() {
        long created = t0 + 10;
        assertEquals(List.of(plain), matching(f("createdAt", p(">", created))));
        assertEquals(List.of(hats, plain), matching(f("createdAt", p(">=", created))));
        assertEquals(List.of(shoes), matching(f("createdAt", p("<", created))));
        assertEquals(List.of(shoes, hats), matching(f("createdAt", p("<=", created))));
        assertEquals(List.of(shoes, hats, plain), matching(f("joinedAt", p(">=", t0))));
    }

    @Test
    void betweenIsLowerInclusiveUpperExclusive() {
        assertEquals(List.of(shoes, hats), matching(f("createdAt", p("between", p(t0, t0 + 20)))));
        assertEquals(List.of(hats), matching(f("createdAt", p("between", p(t0 + 10, t0 + 11)))));
        assertEquals(List.of(plain), matching(f("createdAt", p("!between", p(t0, t0 + 20)))));
        assertEquals(List.of(), matching(f("createdAt", p("between", p(t0 + 10, t0 + 10)))));
    }

    @Test
    void lastActivityIsTheLastMessageOrTheJoinTime() {
        long sent = t0 + 30;
        assertEquals(List.of(hats, plain), matching(f("lastActivityAt", p(">=", sent))));
        assertEquals(List.of(hats, plain), matching(f("lastMessageTs", p(">=", sent))));
        assertEquals(List.of(shoes), matching(f("lastActivityAt", p("between", p(t0, t0 + 1)))),
                "without messages, last activity is when the user joined");
    }

    @Test
    void anyMatchesWhenOneSimpleFilterHolds() {
        Object any = p("any", p(f("custom", f("category", p("==", "shoes"))), f("hasMessages", true, "isUnread", false)));
        assertEquals(List.of(shoes, plain), matching(any));
        assertEquals(List.of(hats), matching(p("any", p(f("custom", f("tag", "exists"))))));
    }

    @Test
    void malformedFiltersNameEachBadPart() {
        assertProblems(p("all", p()), "filter", "Expected an object or [\"any\", [filter, …]], got [\"all\", []].");
        assertProblems(f("custom", f("category", p("=", "shoes"))), "filter.custom.category",
                "Expected \"exists\", \"!exists\", [\"==\" | \"!=\", string] or [\"oneOf\" | \"!oneOf\", [string, …]], "
                        + "got [\"=\", \"shoes\"].");
        assertProblems(f("access", p("==", "Write")), "filter.access",
                "Expected [\"==\" | \"!=\", \"ReadWrite\" | \"Read\" | \"None\"] or [\"oneOf\" | \"!oneOf\", [access, …]], "
                        + "got [\"==\", \"Write\"].");
        assertProblems(f("isUnread", "yes"), "filter.isUnread", "Expected true or false, got \"yes\".");
        assertProblems(f("createdAt", p("between", p(1))), "filter.createdAt",
                "Expected [\">\" | \"<\" | \">=\" | \"<=\", number] or [\"between\" | \"!between\", [number, number]] "
                        + "(whole milliseconds), got [\"between\", [1]].");
        assertProblems(f("color", "red"), "filter.color", "Unknown filter field color; expected one of access, "
                + "createdAt, custom, hasMessages, hasUnreadMessages, isUnread, joinedAt, lastActivityAt, lastMessageTs, subject.");
        assertProblems(p("any", p(f("subject", p("==", 3)), "x")), "filter.any[0].subject",
                "Expected [\"==\" | \"!=\", string or null] or [\"oneOf\" | \"!oneOf\", [string or null, …]], got [\"==\", 3].");
        assertProblems(p("any", p()), "filter.any", "Expected a non-empty array of filter objects, got [].");
    }

    @Test
    void everyMalformedPartIsReportedAtOnce() {
        RosterException e = assertThrows(RosterException.class, () -> ConversationFilter.parse(
                f("custom", f("a", 1, "b", "exists"), "hasMessages", 1, "subject", p("==", "ok"))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(List.of("filter.custom.a", "filter.hasMessages"),
                e.violations().byField().keySet().stream().sorted().toList());
    }

    private static void assertProblems(Object filter, String path, String message) {
        RosterException e = assertThrows(RosterException.class, () -> ConversationFilter.parse(filter));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(List.of(message), e.violations().byField().get(path), () -> "all problems: " + e.violations());
    }
}
