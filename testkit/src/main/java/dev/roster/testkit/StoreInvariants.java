package dev.roster.testkit;

import dev.roster.core.api.ChangeEvent;
import dev.roster.core.api.Registration;
import dev.roster.core.api.Roster;
import dev.roster.core.api.Session;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserSnapshot;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.Versioned;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What must hold of a store after every test, checked by this JUnit extension (Caffeine's cache
 * validation listener is the model), which {@link ContractSupport} and {@link StoreContract}
 * register, so every contract group and every engine-specific test of a store's contract class
 * is checked. After a test that passed:
 * <ul>
 *   <li>the change log is gap-free: as read through {@code ChangeLog.readAfter}, its positions are
 *       1, 2, … up to {@code head()} without a hole (where its reads are settled, growing, with
 *       holes only of rolled-back writes, and none above {@code head()}), and each entity's
 *       versions in it grow by exactly one;</li>
 *   <li>versions only grow: every change event the test's Roster delivered carries a higher
 *       version of its entity than the one before;</li>
 *   <li>the change log was committed with the rows: each user and conversation of the test's app
 *       is stored at the newest version its log entries name (read through the store's
 *       {@link StoreBackdoor} when the store test gives one, else through the ports), and a
 *       conversation logged but gone left its tombstone at that version;</li>
 *   <li>no snapshot holds a private field: no snapshot of a user of the test's app, as the test's
 *       Roster hands it out, carries one of the user's email addresses, phone numbers or push
 *       tokens;</li>
 *   <li>the store's own data holds no write left half done ({@link StoreBackdoor#assertSettled()}).</li>
 * </ul>
 * A failed test is not checked again: its failure is the one to read.
 */
public final class StoreInvariants implements BeforeEachCallback, BeforeTestExecutionCallback, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StoreInvariants.class);
    private static final int PAGE = 1000;

    /** Registered by {@code @ExtendWith}; has no options. */
    public StoreInvariants() {
    }

    /**
     * Checks the log entries after {@code fromPosition}: positions {@code fromPosition + 1} up to
     * {@code head()} without a hole (or growing, for a log with settled reads), and each entity's
     * versions growing by exactly one.
     *
     * @param storage      the store whose log is read
     * @param fromPosition the position the check starts after, 0 for the whole log
     */
    public static void check(Storage storage, long fromPosition) {
        long head = storage.changes().head();
        // Retention may have pruned the oldest entries: the log is gap-free from its oldest kept one.
        long expected = Math.max(fromPosition, storage.changes().oldest() - 1);
        List<Change> changes = storage.changes().readAfter(expected, Integer.MAX_VALUE);
        Map<String, Long> versions = new HashMap<>();
        boolean holesAbandoned = storage.changes().settledReads();
        for (Change change : changes) {
            long position = ++expected;
            if (holesAbandoned && change.position() > position) {
                // A rolled-back write's position: readers do not wait for it.
                expected = position = change.position();
            }
            assertEquals(position, change.position(), () -> "the change log has a hole before " + change);
            String key = change.appId() + "/" + change.kind() + "/" + change.entityId();
            Long last = versions.put(key, change.version());
            if (last != null) {
                assertEquals(last + 1, change.version(), () -> "versions of " + key + " must grow by one: " + change);
            }
        }
        if (holesAbandoned) {
            long settled = storage.changes().head();
            long last = expected;
            assertTrue(settled >= last, () -> "the change log's head " + settled + " is below its last position " + last);
        } else {
            assertEquals(head, expected, "the change log's head is its last position");
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Storage storage = storage(context);
        store(context).put(Run.class, new Run(storage.changes().head()));
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        Run run = run(context);
        if (context.getRequiredTestInstance() instanceof ContractSupport test && test.roster != null) {
            run.events = test.roster.onChange(run::record);
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Run run = run(context);
        try (Registration ignored = run.events) {
            if (context.getExecutionException().isPresent()) {
                return;
            }
            Storage storage = storage(context);
            checkLogSinceLastCheck(context, storage);
            run.assertVersionsGrew();
            StoreBackdoor backdoor = backdoor(context);
            if (context.getRequiredTestInstance() instanceof ContractSupport test && test.app != null) {
                List<Change> logged = storage.changes().readAfter(run.headBefore, Integer.MAX_VALUE).stream()
                        .filter(c -> c.appId().equals(test.app.id())).toList();
                assertRowsMatchTheLog(storage, backdoor == null ? throughThePorts(storage) : backdoor, test.app.id(), logged);
                assertNoSnapshotHoldsAPrivateField(storage, test.roster, test.app.id(), logged);
            }
            if (backdoor != null) {
                backdoor.assertSettled();
            }
        }
    }

    /** Checks the log from where the last check of this store ended, so that together they cover 1..head. */
    private static void checkLogSinceLastCheck(ExtensionContext context, Storage storage) {
        Map<Storage, Long> checkedUpTo = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(CheckedUpTo.class, k -> new CheckedUpTo(), CheckedUpTo.class).positions;
        check(storage, checkedUpTo.getOrDefault(storage, 0L));
        checkedUpTo.put(storage, storage.changes().head());
    }

    private static void assertRowsMatchTheLog(Storage storage, StoreBackdoor stored, String appId, List<Change> logged) {
        Map<String, Long> users = newest(logged, ChangeKind.USER);
        assertEquals(users, stored.userVersions(appId), "every stored user at the newest version its log entries name");
        Map<String, Long> conversations = newest(logged, ChangeKind.CONVERSATION);
        Map<String, Long> live = stored.conversationVersions(appId);
        live.forEach((id, version) -> assertEquals(conversations.get(id), version,
                () -> "conversation " + id + " is stored at the newest version its log entries name"));
        conversations.forEach((id, version) -> {
            if (!live.containsKey(id)) {
                assertEquals(version, storage.conversations().tombstoneVersion(appId, id),
                        () -> "conversation " + id + " is gone, so its tombstone holds its last logged version");
            }
        });
    }

    private static void assertNoSnapshotHoldsAPrivateField(Storage storage, Roster roster, String appId,
                                                           List<Change> logged) {
        List<String> ids = List.copyOf(newest(logged, ChangeKind.USER).keySet());
        if (ids.isEmpty() || roster == null) {
            return;
        }
        Session session = roster.session(appId, "store-invariants");
        Map<String, CompletableFuture<UserSnapshot>> snapshots = new HashMap<>();
        ids.forEach(id -> snapshots.put(id, session.user(id).get()));
        for (List<String> chunk : chunks(ids)) {
            storage.users().load(appId, chunk).forEach((id, user) -> {
                UserSnapshot snapshot = ContractSupport.await(snapshots.get(id));
                Set<String> secrets = secrets(user.value());
                publicValues(snapshot).forEach(value -> assertFalse(secrets.contains(value),
                        () -> "the snapshot of " + id + " holds a private field's value: " + snapshot));
            });
        }
    }

    private static Set<String> secrets(User user) {
        Set<String> secrets = new HashSet<>(user.email());
        secrets.addAll(user.phone());
        secrets.addAll(user.pushTokens());
        return secrets;
    }

    private static Stream<String> publicValues(UserSnapshot snapshot) {
        if (snapshot == null) {
            return Stream.empty();
        }
        return Stream.concat(Stream.of(snapshot.name(), snapshot.locale(), snapshot.photoUrl(), snapshot.role(),
                        snapshot.welcomeMessage(), snapshot.availabilityText()),
                snapshot.custom().entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())));
    }

    private static Map<String, Long> newest(List<Change> changes, ChangeKind kind) {
        Map<String, Long> newest = new HashMap<>();
        changes.stream().filter(c -> c.kind() == kind).forEach(c -> newest.merge(c.entityId(), c.version(), Math::max));
        return newest;
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 100) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 100)));
        }
        return chunks;
    }

    /** The stored versions as the ports report them, for a store test that gives no backdoor. */
    private static StoreBackdoor throughThePorts(Storage storage) {
        return new StoreBackdoor() {
            @Override
            public Map<String, Long> userVersions(String appId) {
                Map<String, Long> versions = new HashMap<>();
                String after = null;
                for (List<User> page; !(page = storage.users().list(appId, after, PAGE)).isEmpty(); ) {
                    after = page.get(page.size() - 1).id();
                    storage.users().load(appId, page.stream().map(User::id).toList())
                            .forEach((id, user) -> versions.put(id, user.version()));
                }
                return versions;
            }

            @Override
            public Map<String, Long> conversationVersions(String appId) {
                Map<String, Long> versions = new HashMap<>();
                String after = null;
                for (List<String> page; !(page = storage.conversations().listIds(appId, after, PAGE)).isEmpty(); ) {
                    after = page.get(page.size() - 1);
                    for (List<String> chunk : chunks(page)) {
                        storage.conversations().load(appId, chunk).forEach((id, c) -> versions.put(id, c.version()));
                    }
                }
                return versions;
            }
        };
    }

    private static Storage storage(ExtensionContext context) {
        Object test = context.getRequiredTestInstance();
        if (test instanceof ContractSupport contract) {
            return contract.storage();
        }
        if (test instanceof StoreContract suite) {
            return suite.storage();
        }
        throw new IllegalStateException(StoreInvariants.class.getSimpleName()
                + " checks ContractSupport and StoreContract tests only: " + test.getClass().getName());
    }

    /** The backdoor of the store contract the test runs in, if its class gives one. */
    private static StoreBackdoor backdoor(ExtensionContext context) {
        return context.getRequiredTestInstances().getAllInstances().stream()
                .filter(StoreContract.class::isInstance).map(StoreContract.class::cast).findFirst()
                .flatMap(StoreContract::backdoor).orElse(null);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(NAMESPACE);
    }

    private static Run run(ExtensionContext context) {
        return store(context).get(Run.class, Run.class);
    }

    /** How far the log of each store was checked in this run; forgets a store nothing refers to. */
    private static final class CheckedUpTo {
        final Map<Storage, Long> positions = Collections.synchronizedMap(new WeakHashMap<>());
    }

    /** One test's head before it ran and the change events its Roster delivered. */
    private static final class Run {
        final long headBefore;
        final ConcurrentLinkedQueue<ChangeEvent> delivered = new ConcurrentLinkedQueue<>();
        Registration events = () -> { };

        Run(long headBefore) {
            this.headBefore = headBefore;
        }

        void record(ChangeEvent event) {
            delivered.add(event);
        }

        void assertVersionsGrew() {
            Map<String, Long> last = new HashMap<>();
            for (ChangeEvent event : delivered) {
                String key = event.appId() + "/" + event.kind() + "/" + event.entityId();
                Long before = last.put(key, event.version());
                assertTrue(before == null || before < event.version(),
                        () -> "versions of " + key + " only grow, yet " + event + " came after version " + before);
            }
        }
    }
}
