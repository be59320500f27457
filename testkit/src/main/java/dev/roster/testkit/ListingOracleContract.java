package dev.roster.testkit;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.ApiVersion;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.Participation;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserConversation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference oracle: a random app (random users, conversations, participations, messages,
 * leaves, reads, edits of subject and custom data, with many equal timestamps), then random
 * queries and filters. Every query's pages, walked to the end, must equal the answer computed
 * here from an independent model of the data with the reference filter evaluator
 * ({@link ConversationFilter#matches}). Seeded: set {@code roster.oracle.seed} to replay a failure
 * (the seed is in every failure message) and {@code roster.oracle.queries} (default
 * {@value #DEFAULT_QUERIES}) for a long run.
 */
public abstract class ListingOracleContract extends ConversationSupport {

    /** Queries per store in the default run. */
    public static final int DEFAULT_QUERIES = 2000;

    private static final String[] CATEGORIES = {"shoes", "hats", "bags"};
    private static final String[] SUBJECTS = {"Hello", "Order 1", "Order 2"};

    private final Map<String, Model> model = new LinkedHashMap<>();
    private final List<String> users = new ArrayList<>();
    private Random random;
    private long seed;

    /** One conversation as the oracle knows it. */
    private static final class Model {
        Conversation conversation;
        final Map<String, Participation> participants = new TreeMap<>();
        final Map<String, InboxEntry> left = new TreeMap<>();
        final List<Message> messages = new ArrayList<>();
    }

    @Test
    void pagesEqualTheReferenceAnswer() {
        seed = Long.getLong("roster.oracle.seed", System.nanoTime());
        int queries = Integer.getInteger("roster.oracle.queries", DEFAULT_QUERIES);
        random = new Random(seed);
        buildData();
        long listed = 0;
        for (int i = 0; i < queries; i++) {
            listed += checkOneQuery(i);
        }
        long total = listed;
        assertTrue(total >= queries, () -> "seed " + seed + ": the random queries listed only " + total
                + " conversations in all; the oracle data is too thin to test anything");
    }

    private void buildData() {
        for (int i = 0; i < 10; i++) {
            users.add(newUser());
        }
        for (int step = 0; step < 500; step++) {
            tick(random.nextInt(4) == 0 ? 0 : random.nextInt(3));
            int op = random.nextInt(100);
            if (model.isEmpty() || op < 12) {
                create();
                continue;
            }
            String id = pick(new ArrayList<>(model.keySet()));
            Model m = model.get(id);
            if (op < 45) {
                send(id, m);
            } else if (op < 52) {
                importOne(id, m);
            } else if (op < 62) {
                join(id, m);
            } else if (op < 68) {
                leave(id, m);
            } else if (op < 78) {
                markRead(id, m);
            } else if (op < 84) {
                patchParticipant(id, m);
            } else if (op < 94) {
                patchConversation(id, m);
            } else {
                deleteMessage(id, m);
            }
        }
    }

    private void create() {
        String id = newId("c");
        ConversationPatch patch = ConversationPatch.none();
        if (random.nextBoolean()) {
            patch = patch.withSubject(pick(List.of(SUBJECTS)));
        }
        if (random.nextInt(3) > 0) {
            patch = patch.withCustom("category", pick(List.of(CATEGORIES)));
        }
        if (random.nextBoolean()) {
            patch = patch.withCustom("tag", "t" + random.nextInt(2));
        }
        int count = 1 + random.nextInt(4);
        List<String> joining = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String user = pick(users);
            if (!joining.contains(user)) {
                joining.add(user);
            }
        }
        patch = patch.withParticipants(joining.toArray(String[]::new));
        Model m = new Model();
        m.conversation = conversations().upsert(app.id(), id, patch).conversation();
        long now = clock.millis();
        joining.forEach(u -> m.participants.put(u, new Participation(u, Access.READ_WRITE, Notify.ALL, now, 0)));
        model.put(id, m);
    }

    private void send(String id, Model m) {
        int count = 1 + random.nextInt(3);
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (m.participants.isEmpty() || random.nextInt(8) == 0) {
                batch.add(NewMessage.system("note " + i));
            } else {
                batch.add(NewMessage.user(pick(new ArrayList<>(m.participants.keySet())), "hi " + i));
            }
        }
        record(m, batch, conversations().send(app.id(), id, batch), false);
    }

    private void importOne(String id, Model m) {
        if (m.participants.isEmpty()) {
            return;
        }
        long at = clock.millis() - random.nextInt(400);
        List<NewMessage> batch = List.of(NewMessage.user(pick(new ArrayList<>(m.participants.keySet())), "old").at(at));
        record(m, batch, conversations().importMessages(app.id(), id, batch), true);
    }

    private void record(Model m, List<NewMessage> batch, List<String> ids, boolean imported) {
        for (int i = 0; i < batch.size(); i++) {
            NewMessage n = batch.get(i);
            long at = n.timestamp() == null ? clock.millis() : n.timestamp();
            m.messages.add(new Message(ids.get(i), m.conversation.id(), n.type(), n.senderId(), n.text(), n.custom(), at,
                    null, imported ? "import" : "rest", null, null));
        }
    }

    private void join(String id, Model m) {
        String user = pick(users);
        Access access = pick(List.of(Access.values()));
        conversations().putParticipant(app.id(), id, user, access, Notify.ALL);
        Participation existing = m.participants.get(user);
        if (existing != null) {
            m.participants.put(user, new Participation(user, access, Notify.ALL, existing.joinedAt(), existing.readUntil()));
        } else {
            InboxEntry gone = m.left.remove(user);
            m.participants.put(user, new Participation(user, access, Notify.ALL, clock.millis(),
                    gone == null ? 0 : gone.readUntil()));
        }
    }

    private void leave(String id, Model m) {
        if (m.participants.isEmpty()) {
            return;
        }
        String user = pick(new ArrayList<>(m.participants.keySet()));
        conversations().leave(app.id(), id, user);
        m.left.put(user, InboxEntry.derive(m.conversation, m.participants.remove(user), m.messages).leave());
    }

    private void markRead(String id, Model m) {
        if (m.participants.isEmpty()) {
            return;
        }
        String user = pick(new ArrayList<>(m.participants.keySet()));
        conversations().markRead(app.id(), id, user);
        Participation p = m.participants.get(user);
        long last = m.messages.stream().mapToLong(Message::createdAt).max().orElse(0);
        m.participants.put(user, new Participation(user, p.access(), p.notification(), p.joinedAt(),
                Math.max(p.readUntil(), last)));
    }

    private void patchParticipant(String id, Model m) {
        if (m.participants.isEmpty()) {
            return;
        }
        String user = pick(new ArrayList<>(m.participants.keySet()));
        long readUntil = Math.max(0, clock.millis() - random.nextInt(300));
        Access access = pick(List.of(Access.values()));
        conversations().patchParticipant(app.id(), id, user, ParticipationPatch.of(access, null).withReadUntil(readUntil));
        Participation p = m.participants.get(user);
        m.participants.put(user, new Participation(user, access, Notify.ALL, p.joinedAt(), readUntil));
    }

    private void patchConversation(String id, Model m) {
        ConversationPatch patch = ConversationPatch.none();
        int what = random.nextInt(3);
        if (what == 0) {
            patch = patch.withSubject(random.nextInt(3) == 0 ? null : pick(List.of(SUBJECTS)));
        } else if (what == 1) {
            patch = patch.withCustom("category", random.nextInt(3) == 0 ? null : pick(List.of(CATEGORIES)));
        } else {
            patch = patch.withCustom("tag", random.nextBoolean() ? null : "t" + random.nextInt(2));
        }
        m.conversation = conversations().upsert(app.id(), id, patch).conversation();
    }

    private void deleteMessage(String id, Model m) {
        if (m.messages.isEmpty()) {
            return;
        }
        Message gone = m.messages.remove(random.nextInt(m.messages.size()));
        conversations().deleteMessage(app.id(), id, gone.id());
    }


    private int checkOneQuery(int index) {
        String user = random.nextInt(15) == 0 ? newUserWithoutConversations() : pick(users);
        ApiVersion version = pick(List.of(ApiVersion.values()));
        ConversationQuery.Builder query = ConversationQuery.builder(user).apiVersion(version)
                .order(pick(List.of(ConversationOrder.values()))).direction(pick(List.of(SortDirection.values())));
        Object filterJson = randomFilter();
        ConversationFilter filter = ConversationFilter.parse(filterJson);
        query.filter(filter);
        if (random.nextInt(5) == 0) {
            query.unreadsOnly(true);
        }
        long now = clock.millis();
        long start = now - 700;
        if (random.nextInt(6) == 0) {
            query.lastMessageBefore(start + random.nextInt(800));
        }
        if (random.nextInt(6) == 0) {
            query.lastMessageAfter(start + random.nextInt(800));
        }
        Long offsetTs = null;
        if (version.atLeast(ApiVersion.V2021_02_09) && random.nextInt(4) == 0) {
            offsetTs = start + random.nextInt(800);
            query.offsetTs(offsetTs);
        }
        ConversationQuery built = query.build();
        List<InboxEntry> expected = expected(built, filter, offsetTs);
        int limit = random.nextInt(4) == 0 ? 1 + random.nextInt(100) : 1 + random.nextInt(7);
        List<UserConversation> actual = walkPages(query, limit);
        String context = "seed " + seed + " (-Droster.oracle.seed=" + seed + "), query #" + index + ": " + built
                + " with filter " + filterJson + ", limit " + limit;
        assertEquals(expected.stream().map(InboxEntry::conversationId).toList(),
                actual.stream().map(c -> c.view().conversation().id()).toList(), () -> context);
        assertEquals(expected, actual.stream().map(UserConversation::entry).toList(), () -> context);
        for (UserConversation listed : actual) {
            Model m = model.get(listed.view().conversation().id());
            String lastId = m.messages.stream().max(Comparator.comparingLong(Message::createdAt)
                    .thenComparing(Message::id, Ids.ORDER)).map(Message::id).orElse(null);
            assertEquals(lastId, listed.view().lastMessage() == null ? null : listed.view().lastMessage().id(),
                    () -> context + ": last message of " + m.conversation.id());
            assertEquals(m.participants.keySet(), listed.view().participants().keySet(),
                    () -> context + ": participants of " + m.conversation.id());
        }
        return actual.size();
    }

    private List<UserConversation> walkPages(ConversationQuery.Builder query, int limit) {
        List<UserConversation> all = new ArrayList<>();
        query.limit(limit);
        for (int pages = 0; pages < 10_000; pages++) {
            List<UserConversation> page = conversations().list(app.id(), query.build());
            all.addAll(page);
            if (page.size() < limit) {
                return all;
            }
            query.offsetTs(null).startingAfter(page.get(page.size() - 1).view().conversation().id());
        }
        throw new AssertionError("paging did not end");
    }

    private String newUserWithoutConversations() {
        return newUser();
    }

    private List<InboxEntry> expected(ConversationQuery query, ConversationFilter filter, Long offsetTs) {
        ConversationOrder order = query.order();
        boolean ascending = query.direction() == SortDirection.ASC;
        List<InboxEntry> entries = new ArrayList<>();
        for (Model m : model.values()) {
            Participation p = m.participants.get(query.userId());
            if (p != null) {
                entries.add(InboxEntry.derive(m.conversation, p, m.messages));
            } else if (m.left.containsKey(query.userId()) && query.includesLeft()) {
                entries.add(m.left.get(query.userId()).withConversation(m.conversation));
            }
        }
        Comparator<InboxEntry> byKey = Comparator.<InboxEntry>comparingLong(e -> e.sortValue(order))
                .thenComparing(InboxEntry::conversationId, Ids.ORDER);
        return entries.stream()
                .filter(e -> !query.unreadsOnly() || e.unreadCount() > 0)
                .filter(e -> query.lastMessageBefore() == null
                        || (e.lastMessageAt() != null && e.lastMessageAt() < query.lastMessageBefore()))
                .filter(e -> query.lastMessageAfter() == null
                        || (e.lastMessageAt() != null && e.lastMessageAt() > query.lastMessageAfter()))
                .filter(e -> offsetTs == null || (ascending ? e.sortValue(order) >= offsetTs : e.sortValue(order) <= offsetTs))
                .filter(filter::matches)
                .sorted(ascending ? byKey : byKey.reversed())
                .toList();
    }

    private Object randomFilter() {
        if (random.nextInt(4) == 0) {
            return Map.of();
        }
        if (random.nextInt(6) == 0) {
            List<Object> parts = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                parts.add(simpleFilter());
            }
            return List.of("any", parts);
        }
        return simpleFilter();
    }

    private Map<String, Object> simpleFilter() {
        Map<String, Object> filter = new HashMap<>();
        int fields = 1 + random.nextInt(2);
        long now = clock.millis();
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(9)) {
                case 0 -> filter.put("access", membership(List.of("ReadWrite", "Read", "None"), false));
                case 1 -> {
                    Map<String, Object> custom = new HashMap<>();
                    custom.put(random.nextBoolean() ? "category" : "tag", customPredicate());
                    if (random.nextInt(3) == 0) {
                        custom.put("missing", random.nextBoolean() ? "exists" : "!exists");
                    }
                    filter.put("custom", custom);
                }
                case 2 -> filter.put("subject", membership(List.of("Hello", "Order 1", "Order 2", "Nope"), true));
                case 3 -> filter.put(random.nextBoolean() ? "isUnread" : "hasUnreadMessages", random.nextBoolean());
                case 4 -> filter.put("hasMessages", random.nextBoolean());
                case 5 -> filter.put(random.nextBoolean() ? "lastActivityAt" : "lastMessageTs", time(now));
                case 6 -> filter.put("createdAt", time(now));
                default -> filter.put("joinedAt", time(now));
            }
        }
        return filter;
    }

    private Object customPredicate() {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return random.nextBoolean() ? "exists" : "!exists";
        }
        List<String> values = List.of("shoes", "hats", "bags", "t0", "t1", "none");
        return membership(values, false);
    }

    private List<Object> membership(List<String> values, boolean allowNull) {
        List<Object> pool = new ArrayList<>(values);
        if (allowNull) {
            pool.add(null);
        }
        if (random.nextBoolean()) {
            List<Object> one = new ArrayList<>();
            one.add(random.nextBoolean() ? "==" : "!=");
            one.add(pick(pool));
            return one;
        }
        List<Object> some = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            some.add(pick(pool));
        }
        return List.of(random.nextBoolean() ? "oneOf" : "!oneOf", some);
    }

    private List<Object> time(long now) {
        long a = now - random.nextInt(700);
        if (random.nextBoolean()) {
            return List.of(pick(List.of(">", "<", ">=", "<=")), a);
        }
        long b = a + random.nextInt(300);
        return List.of(random.nextBoolean() ? "between" : "!between", List.of(a, b));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
