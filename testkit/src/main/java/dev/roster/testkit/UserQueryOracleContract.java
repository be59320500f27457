package dev.roster.testkit;

import dev.roster.core.domain.Comparison;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserFilter;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserQuery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user query oracle (SPEC §9): a random app of users (names that differ only by case or
 * Unicode normalisation, hostile custom keys and values, ties on every sort key, some online,
 * some deactivated), then random queries (filters × orders × directions × page sizes). Each
 * query's pages, walked to the end with {@code startingAfter}, must equal the answer computed here
 * from the users as written (deactivated ones only where the filter names them), with the
 * reference evaluator ({@link UserFilter#matches}) and a sort written out here.
 * Seeded: set {@code roster.oracle.seed} to replay a failure (the seed is in every failure
 * message) and {@code roster.oracle.userQueries} (default {@value #DEFAULT_QUERIES}) for a long run.
 */
public abstract class UserQueryOracleContract extends ContractSupport {

    /** Queries per store in the default run. */
    public static final int DEFAULT_QUERIES = 400;

    private static final List<String> NAMES = List.of("Ana", "ana", "ANA", "Ａna", "Ána", "A\u0301na", "Bob", "bob",
            "Bo", "Zoë", "Zoe\u0308", "ß", "SS", "İlker", "😀 smile", "\uE000 private", "", "a%_b", "O'Brien");
    private static final List<String> PREFIXES = List.of("a", "A", "an", "ÁN", "á", "b", "bo", "zo", "zoë", "s", "ss",
            "😀", "\uE000", "", "a%", "o'", "x");
    private static final List<String> ROLES = List.of("default", "admin", "Admin", "agent");
    private static final List<String> KEYS = List.of("tier", "a.b", "$where", "k'; DROP TABLE roster_user; --",
            "{\"$gt\": \"\"}", "k v", "ü");
    private static final List<String> VALUES = List.of("gold", "Gold", "", "'", "\"", "%", "$ne", "😀", "\uE000");
    private static final List<String> EMAILS = List.of("a@x.io", "b@x.io", "A@x.io", "q\"@x.io", "a@x.io\"");
    private static final String[] ID_PARTS = {"a", "B", "b", "z", "é", "😀", "\uE000", "'", "%", "_", "1"};

    private final Map<String, User> written = new LinkedHashMap<>();
    private final Set<String> online = new TreeSet<>();
    private Random random;
    private long seed;

    @Test
    void pagesEqualTheReferenceAnswer() {
        seed = Long.getLong("roster.oracle.seed", System.nanoTime());
        int queries = Integer.getInteger("roster.oracle.userQueries", DEFAULT_QUERIES);
        random = new Random(seed);
        buildUsers();
        long listed = 0;
        for (int i = 0; i < queries; i++) {
            listed += checkOneQuery(i);
        }
        long total = listed;
        assertTrue(total >= queries, () -> "seed " + seed + ": the random queries listed only " + total
                + " users in all; the oracle data is too thin to test anything");
    }

    /**
     * An id list longer than a driver binds one parameter at a time (PostgreSQL's and MariaDB's
     * protocols carry at most 65,535): what an {@code isOnline} filter becomes in an app with 70k
     * users online.
     */
    @Test
    void aFilterOnSeventyThousandIdsListsLikeTheReference() {
        seed = Long.getLong("roster.oracle.seed", System.nanoTime());
        random = new Random(seed);
        buildUsers();
        Set<String> ids = new TreeSet<>();
        written.keySet().stream().filter(id -> random.nextBoolean()).forEach(ids::add);
        for (int i = 0; ids.size() < 70_000; i++) {
            ids.add(ID_PARTS[i % ID_PARTS.length] + "-absent-" + i);
        }
        int number = 0;
        for (boolean negated : List.of(false, true)) {
            UserFilter filter = new UserFilter.TextIn(UserFilter.TextField.ID, ids, negated);
            for (UserOrder order : List.of(UserOrder.ID, UserOrder.NAME)) {
                checkQuery(number++, new UserQuery(filter, order, order.defaultDirection(), null, 30));
            }
        }
    }

    private void buildUsers() {
        for (int i = 0; i < 60; i++) {
            if (random.nextInt(3) == 0) {
                clock.advance(Duration.ofMillis(random.nextInt(3)));
            }
            String id = newUserId();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", pick(NAMES));
            if (random.nextBoolean()) {
                json.put("role", pick(ROLES));
            }
            Map<String, Object> custom = new LinkedHashMap<>();
            for (String key : KEYS) {
                if (random.nextInt(3) == 0) {
                    custom.put(key, pick(VALUES));
                }
            }
            json.put("custom", custom);
            if (random.nextInt(3) == 0) {
                json.put("email", List.of(pick(EMAILS), pick(EMAILS)));
            }
            if (random.nextInt(4) == 0) {
                json.put("phone", pick(List.of("+1", "+2")));
            }
            User user = roster.upsertUser(app.id(), id, UserPatch.fromJson(json, id, true));
            if (random.nextInt(5) == 0) {
                user = roster.deactivateUser(app.id(), id);
            }
            written.put(id, user);
            if (random.nextInt(4) == 0) {
                roster.presence().touch(app.id(), id, newId("s"));
                online.add(id);
            }
        }
    }

    private String newUserId() {
        while (true) {
            StringBuilder id = new StringBuilder();
            int length = 1 + random.nextInt(3);
            for (int i = 0; i < length; i++) {
                id.append(ID_PARTS[random.nextInt(ID_PARTS.length)]);
            }
            if (!written.containsKey(id.toString())) {
                return id.toString();
            }
        }
    }

    private long checkOneQuery(int number) {
        UserOrder order = pick(List.of(UserOrder.values()));
        SortDirection direction = random.nextInt(4) == 0 ? order.defaultDirection() : pick(List.of(SortDirection.values()));
        UserFilter filter = random.nextInt(5) == 0 ? UserFilter.ALL : randomFilter();
        return checkQuery(number, new UserQuery(filter, order, direction, null, 1 + random.nextInt(7)));
    }

    /** Walks every page of {@code query} and compares the users listed with the reference answer. */
    private long checkQuery(int number, UserQuery query) {
        int limit = query.limit();
        List<String> expected = expected(query.effectiveFilter(), query.order(), query.direction());
        List<String> actual = new ArrayList<>();
        List<User> page;
        String after = null;
        do {
            page = roster.listUsers(app.id(), query.startingAfter(after));
            page.forEach(u -> actual.add(u.id()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
            assertTrue(actual.size() <= written.size(), () -> "seed " + seed + ": paging does not end for " + query);
        } while (page.size() == limit);
        assertEquals(expected, actual, () -> "seed " + seed + ", query " + number + ": " + query);
        return actual.size();
    }

    /**
     * The answer from the users as written (deactivated or not) and their stored last activity (the
     * online ones were active when their presence was touched): the reference evaluator, and the order spelled out.
     */
    private List<String> expected(UserFilter filter, UserOrder order, SortDirection direction) {
        Map<String, UserLifecycle> lifecycles = roster.lifecycles(app.id(), written.keySet());
        Function<User, UserLifecycle> lifecycle = u -> new UserLifecycle(
                lifecycles.getOrDefault(u.id(), UserLifecycle.NONE).lastActiveAt(), u.deactivated());
        Comparator<User> byId = Comparator.comparing(User::id, Ids.ORDER);
        Comparator<User> sort = switch (order) {
            case ID -> byId;
            case CREATED_AT -> Comparator.comparingLong(User::createdAt).thenComparing(byId);
            case NAME -> Comparator.comparing((User u) -> UserOrder.nameKey(u.name()), Ids.ORDER).thenComparing(byId);
            case LAST_ACTIVE_AT -> Comparator.comparing((User u) -> lifecycle.apply(u).lastActiveAt(),
                    Comparator.nullsFirst(Comparator.<Long>naturalOrder())).thenComparing(byId);
        };
        Comparator<User> directed = direction == SortDirection.ASC ? sort : sort.reversed();
        if (order == UserOrder.LAST_ACTIVE_AT) {
            // Users never active come last in both directions, among themselves in id order of the direction.
            directed = Comparator.comparing((User u) -> lifecycle.apply(u).lastActiveAt() == null).thenComparing(directed);
        }
        return written.values().stream()
                .filter(u -> filter.matches(u, lifecycle.apply(u), online.contains(u.id())))
                .sorted(directed).map(User::id).toList();
    }

    private UserFilter randomFilter() {
        if (random.nextInt(5) == 0) {
            List<UserFilter> parts = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                parts.add(simpleFilter());
            }
            return new UserFilter.Any(parts);
        }
        return simpleFilter();
    }

    private UserFilter simpleFilter() {
        List<UserFilter> parts = new ArrayList<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            parts.add(predicate());
        }
        return parts.size() == 1 ? parts.get(0) : new UserFilter.And(parts);
    }

    private UserFilter predicate() {
        boolean negated = random.nextBoolean();
        return switch (random.nextInt(11)) {
            case 0 -> new UserFilter.TextIn(UserFilter.TextField.ID, someOf(new ArrayList<>(written.keySet())), negated);
            case 1 -> new UserFilter.TextIn(UserFilter.TextField.ROLE, someOf(ROLES), negated);
            case 2 -> new UserFilter.TextIn(UserFilter.TextField.NAME, someOf(NAMES), negated);
            case 3, 4 -> new UserFilter.NameStartsWith(pick(PREFIXES));
            case 5 -> new UserFilter.CustomIn(pick(KEYS), someOf(VALUES), negated);
            case 6 -> new UserFilter.CustomExists(pick(KEYS), random.nextBoolean());
            case 7 -> new UserFilter.ContactIs(random.nextBoolean() ? UserFilter.ContactField.EMAIL
                    : UserFilter.ContactField.PHONE, pick(random.nextBoolean() ? EMAILS : List.of("+1", "+2", "+3")));
            case 8 -> new UserFilter.OnlineIs(random.nextBoolean());
            case 9 -> timeFilter(negated);
            default -> new UserFilter.DeactivatedIs(random.nextBoolean());
        };
    }

    private UserFilter timeFilter(boolean negated) {
        List<User> users = new ArrayList<>(written.values());
        long t = pick(users).createdAt() + random.nextInt(3) - 1;
        UserFilter.TimeField field = random.nextInt(4) == 0 ? UserFilter.TimeField.LAST_ACTIVE_AT
                : UserFilter.TimeField.CREATED_AT;
        if (random.nextBoolean()) {
            return new UserFilter.TimeCompare(field, pick(List.of(Comparison.values())), t);
        }
        return new UserFilter.TimeBetween(field, t, t + random.nextInt(4), negated);
    }

    private Set<String> someOf(List<String> pool) {
        Set<String> values = new TreeSet<>();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            values.add(pick(pool));
        }
        return values;
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
