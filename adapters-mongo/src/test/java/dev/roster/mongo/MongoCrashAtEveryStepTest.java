package dev.roster.mongo;

import dev.roster.core.domain.Conversation;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.UserWrite;
import dev.roster.testkit.MutableClock;
import dev.roster.testkit.StoreInvariants;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static dev.roster.mongo.TestWrites.conversation;
import static dev.roster.mongo.TestWrites.entry;
import static dev.roster.mongo.TestWrites.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of write stopped at every one of its steps, as if its process died there. On the
 * journal path, another process then recovers it, on start or when it next reads the change log:
 * the write is whole if the crash came after its commit point and absent before it, nothing stays
 * claimed or journaled, and the change log holds exactly the changes of what is stored, at dense
 * positions. On the transaction path (replica sets only) a write stopped anywhere leaves nothing.
 * The steps are not listed by hand: a run without a crash records them.
 */
class MongoCrashAtEveryStepTest {

    private static final String APP = "app";
    private static final String CID = "c1";
    private static final List<String> USERS = List.of("u0", "u1", "u2", "u3");

    /** What a crash looks like to the writer: the process stops at this point. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** A step of a write: {@code index} of {@code stage}, as the write reports it to its fault point. */
    private record Step(String stage, int index) {
        @Override
        public String toString() {
            return stage + " " + index;
        }
    }

    /** What a store shows of a scenario's data, and its change log as kind/entity/version, sorted. */
    private record Outcome(Object data, List<String> changes) {
    }

    /**
     * A write to stop, the data it starts from and what of the data the store shows.
     *
     * @param prepare writes the data before the write
     * @param write   the write under test; true if it went through
     * @param data    what the store shows of the data
     */
    private record Scenario(String name, Consumer<MongoStorage> prepare, Predicate<MongoStorage> write,
                            Function<MongoStorage, Object> data) {
    }

    private static List<Scenario> scenarios() {
        Function<MongoStorage, Object> users = s -> s.users().load(APP, USERS);
        Function<MongoStorage, Object> conversation = s -> List.of(s.conversations().load(APP, List.of(CID)),
                s.conversations().messages(APP, CID, null, 100), s.conversations().tombstoneVersion(APP, CID),
                s.conversations().listIds(APP, null, 10));
        Conversation renamed = conversation(CID, "Renamed");
        ConversationWrite update = new ConversationWrite(CID, 1, renamed, "m2",
                List.of(entry("p0", renamed, 2), entry("p2", renamed, 0)), Set.of("p1"),
                List.of(message("m1", CID, 10), message("m2", CID, 11)), Set.of("m0"));
        ConversationWrite withMessage = new ConversationWrite(CID, 0, conversation(CID, "Hello"), "m0",
                List.of(entry("p0", conversation(CID, "Hello"), 0), entry("p1", conversation(CID, "Hello"), 1)),
                Set.of(), List.of(message("m0", CID, 9)), Set.of());
        return List.of(
                new Scenario("a user batch", s -> assertTrue(s.users().write(APP, List.of(
                        new UserWrite(MongoFixture.user("u0", "Old"), 0), new UserWrite(MongoFixture.user("u1", "Old"), 0)))),
                        s -> s.users().write(APP, List.of(new UserWrite(MongoFixture.user("u0", "New"), 1),
                                new UserWrite(MongoFixture.user("u1", "New"), 1), new UserWrite(MongoFixture.user("u2", "New"), 0),
                                new UserWrite(MongoFixture.user("u3", "New"), 0))),
                        users),
                new Scenario("a conversation create", s -> { },
                        s -> s.conversations().write(APP, withMessage), conversation),
                new Scenario("a conversation update", s -> assertTrue(s.conversations().write(APP, withMessage)),
                        s -> s.conversations().write(APP, update), conversation),
                new Scenario("a conversation delete", s -> assertTrue(s.conversations().write(APP, withMessage)),
                        s -> s.conversations().write(APP, TestWrites.delete(CID, 1)), conversation),
                new Scenario("a create of a deleted id", s -> {
                    assertTrue(s.conversations().write(APP, withMessage));
                    assertTrue(s.conversations().write(APP, TestWrites.delete(CID, 1)));
                }, s -> s.conversations().write(APP, new ConversationWrite(CID, 2, renamed, "m1",
                        List.of(entry("p2", renamed, 0)), Set.of(), List.of(message("m1", CID, 10)), Set.of())),
                        conversation));
    }

    private static Outcome outcome(Scenario scenario, MongoStorage store) {
        List<String> changes = store.changes().readAfter(0, 10_000).stream()
                .map(c -> c.kind() + "/" + c.entityId() + "/" + c.version()).sorted().toList();
        return new Outcome(scenario.data().apply(store), changes);
    }

    /** Recovery on start of a new process, or by a running one when it next reads the change log. */
    private enum Recovery { ON_START, BY_A_READER_OF_THE_LOG }

    @TestFactory
    Stream<DynamicContainer> aJournaledWriteStoppedAtAnyStepIsWholeOrAbsentAfterRecovery() {
        return scenarios().stream().map(scenario -> {
            List<Step> steps = new ArrayList<>();
            Outcome before;
            Outcome after;
            try (MongoFixture fixture = new MongoFixture()) {
                MongoStorage store = fixture.journaled(Duration.ofMinutes(5));
                scenario.prepare().accept(store);
                before = outcome(scenario, store);
                store.injectFaults((stage, index) -> steps.add(new Step(stage, index)));
                assertTrue(scenario.write().test(store));
                after = outcome(scenario, store);
            }
            assertNotEquals(before, after, scenario.name());
            assertTrue(steps.containsAll(List.of(new Step(FaultPoint.CLAIMED, 0), new Step(FaultPoint.COMMITTED, 0),
                    new Step(FaultPoint.APPLIED, 0), new Step(FaultPoint.FINISHED, 0))), steps::toString);
            return DynamicContainer.dynamicContainer(scenario.name(), steps.stream().flatMap(step -> Stream.of(Recovery.values())
                    .map(recovery -> DynamicTest.dynamicTest("stopped after " + step + ", recovered " + recovery,
                            () -> crashAndRecover(scenario, step, recovery,
                                    step.stage().equals(FaultPoint.CLAIMED) ? before : after)))));
        });
    }

    private static void crashAndRecover(Scenario scenario, Step step, Recovery recovery, Outcome expected) {
        try (MongoFixture fixture = new MongoFixture()) {
            MutableClock clock = new MutableClock(Instant.now());
            MongoStorage reader = fixture.journaled(Duration.ZERO, clock);
            MongoStorage writer = fixture.journaled(Duration.ZERO);
            scenario.prepare().accept(writer);
            writer.injectFaults(crashAt(step));

            assertThrows(Crash.class, () -> scenario.write().test(writer));

            MongoStorage recovered;
            if (recovery == Recovery.ON_START) {
                recovered = fixture.journaled(Duration.ZERO);
            } else {
                clock.advance(Duration.ofSeconds(6));
                reader.changes().readAfter(0, 1);
                recovered = reader;
            }
            assertEquals(expected, outcome(scenario, recovered));
            assertSettledWithADenseLog(fixture, recovered);
        }
    }

    @Test
    void aTransactionStoppedAtAnyStepLeavesNothing() {
        TestMongo.assumeTransactions();
        for (Scenario scenario : scenarios()) {
            List<Step> steps = new ArrayList<>();
            try (MongoFixture fixture = new MongoFixture()) {
                MongoStorage store = fixture.transactional();
                scenario.prepare().accept(store);
                store.injectFaults((stage, index) -> steps.add(new Step(stage, index)));
                assertTrue(scenario.write().test(store));
            }
            assertFalse(steps.isEmpty(), scenario.name());
            for (Step step : steps) {
                try (MongoFixture fixture = new MongoFixture()) {
                    MongoStorage store = fixture.transactional();
                    scenario.prepare().accept(store);
                    Outcome before = outcome(scenario, store);
                    store.injectFaults(crashAt(step));

                    assertThrows(Crash.class, () -> scenario.write().test(store), () -> scenario.name() + " " + step);

                    assertEquals(before, outcome(scenario, store), () -> scenario.name() + " " + step);
                    assertSettledWithADenseLog(fixture, store);
                }
            }
        }
    }

    private static FaultPoint crashAt(Step step) {
        return (stage, index) -> {
            if (step.equals(new Step(stage, index))) {
                throw new Crash();
            }
        };
    }

    private static void assertSettledWithADenseLog(MongoFixture fixture, MongoStorage store) {
        fixture.assertSettled();
        StoreInvariants.check(store, 0);
    }
}
