package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.api.UserDirectory;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The base of every contract test: a {@link Roster} over the store under test, a fresh app with a
 * random id per test (so tests never depend on order or on a clean database), a clock the test
 * moves, the Roster options of a {@link RosterSpec} run, and the store's invariants checked after
 * every test ({@link StoreInvariants}).
 */
@ExtendWith(StoreInvariants.class)
public abstract class ContractSupport {

    /** The most a test waits for an asynchronous event. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    /** The test's clock, standing at 2024-01-01T00:00:00Z until moved. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));

    /** A Roster over the store, built for this test. */
    protected Roster roster;

    /**
     * The trusted user operations under test: {@link #roster} itself, unless a test class reaches
     * them another way (for example over the REST API) through {@link #directory(Roster)}.
     */
    protected UserDirectory users;

    /** A fresh app of this test, with both sync settings on. */
    protected App app;

    /** The options of this run: a {@link RosterSpec} run's, else Roster's defaults. */
    RosterSpecs.Options options = RosterSpecs.Options.DEFAULTS;

    /** {@return the store under test; the same instance for every test of a store's test class} */
    protected abstract Storage storage();

    @BeforeEach
    final void startRoster() {
        roster = builder().build();
        app = roster.saveApp(new App(newId("app"), "sk_test_" + UUID.randomUUID(), AppSettings.defaults()));
        users = directory(roster);
    }

    @AfterEach
    final void stopRoster() {
        roster.close();
    }

    /**
     * A builder of a Roster like {@link #roster}: over the store, with the test's clock, this run's
     * options and {@link #configure}'s; for a test that needs a second Roster.
     *
     * @return a builder not built yet
     */
    protected Roster.Builder builder() {
        return configure(options.applyTo(Roster.builder().storage(storage()).clock(clock)));
    }

    /**
     * Lets a test class change the Roster's options.
     *
     * @param builder the builder with the test's store, clock and run options
     * @return the builder to build, usually {@code builder} itself
     */
    protected Roster.Builder configure(Roster.Builder builder) {
        return builder;
    }

    /**
     * How the tests reach the trusted user operations; by default {@code roster} itself.
     *
     * @param roster the test's Roster
     * @return the user operations the tests call
     */
    protected UserDirectory directory(Roster roster) {
        return roster;
    }

    /**
     * A random id with a readable prefix, unique across runs.
     *
     * @param prefix what the id starts with, such as {@code "app"}
     * @return {@code prefix}, a dash and 13 random characters
     */
    protected String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /**
     * Skips the test unless the store declares {@code capability}, saying so in the report.
     *
     * @param capability what the test needs the store to declare
     */
    protected void assumeCapability(Capability capability) {
        Assumptions.assumeTrue(storage().capabilities().contains(capability),
                () -> "the store does not declare " + capability);
    }

    /**
     * The future's value, waiting at most {@link #WAIT}; its failure is rethrown unwrapped.
     *
     * @param <T>    the value's type
     * @param future what to wait for
     * @return its value
     */
    protected static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("not completed within " + WAIT, e);
        }
    }
}
