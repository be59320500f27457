package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.api.UserDirectory;
import dev.roster.core.domain.User;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.testkit.UserBatchContract;
import dev.roster.testkit.UserLifecycleContract;
import dev.roster.testkit.UserPagingContract;
import dev.roster.testkit.UserPatchContract;
import dev.roster.testkit.UserValidationContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The user contract suite once more, through the REST API: every trusted user operation of the
 * contract classes goes over HTTP to a server backed by the in-memory store, and the contract's
 * backdoor checks read that same store. Every id the contract makes carries one of
 * {@link #HOSTILE} (path syntax, percent-encodings, spaces, emoji, a decomposed accent), so each
 * test also proves those ids travel through the binding's paths. A binding's test class supplies
 * the server.
 */
abstract class RestUserContract {

    /** Valid id fragments that look like path syntax or encodings to a web server. */
    static final List<String> HOSTILE = List.of("\\", "%2F", "/", "..", ";", " ", "%", "?", "#", "+", "😀",
            "e\u0301");

    private static final AtomicInteger NEXT_HOSTILE = new AtomicInteger();

    private static Storage storage;

    @BeforeAll
    static void openStore() {
        storage = ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.accepts("memory:")).findFirst().orElseThrow().open("memory:");
    }

    @AfterAll
    static void closeStore() {
        storage.close();
    }

    private final List<RestFixture> servers = new ArrayList<>();

    /** A server of the binding under test, not started yet. */
    abstract RestFixture server();

    /** A contract id with a readable prefix, a hostile fragment and a random part. */
    static String hostileId(String prefix) {
        String fragment = HOSTILE.get(Math.floorMod(NEXT_HOSTILE.getAndIncrement(), HOSTILE.size()));
        return prefix + "-" + fragment + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(RestFixture::close);
        servers.clear();
    }

    /** A server for one test, over the shared store and with the test's clock. */
    private UserDirectory overRest(Roster roster, Clock clock) {
        RestFixture server = server().roster(Roster.builder().storage(storage).clock(clock).build()).start();
        servers.add(server);
        return new RestUserDirectory(server, appId -> roster.app(appId).secretKey());
    }

    @Nested
    class PatchRule extends UserPatchContract {
        @Override
        protected Storage storage() {
            return storage;
        }

        @Override
        protected String newId(String prefix) {
            return hostileId(prefix);
        }

        @Override
        protected UserDirectory directory(Roster roster) {
            return overRest(roster, clock);
        }
    }

    @Nested
    class Validation extends UserValidationContract {
        @Override
        protected Storage storage() {
            return storage;
        }

        @Override
        protected String newId(String prefix) {
            return hostileId(prefix);
        }

        @Override
        protected UserDirectory directory(Roster roster) {
            return overRest(roster, clock);
        }

        @Override
        @Disabled("Over REST an unknown app is a 401 like a wrong key (SPEC §5: no hint which), not a 404")
        protected void anUnknownAppIsNotFound() {
        }

        /**
         * Only the bad id a URL path can carry: an empty id is no path segment at all (404, no
         * route), and Jetty refuses control characters in a path before Roster sees them (400).
         */
        @Override
        @ParameterizedTest
        @MethodSource("idsAPathCanCarry")
        protected void badUserIdsAreRejected(String id) {
            super.badUserIdsAreRejected(id);
        }

        static Stream<String> idsAPathCanCarry() {
            return Stream.of("x".repeat(User.MAX_ID_LENGTH + 1), "é".repeat(User.MAX_ID_LENGTH + 1));
        }
    }

    @Nested
    class Batches extends UserBatchContract {
        @Override
        protected Storage storage() {
            return storage;
        }

        @Override
        protected String newId(String prefix) {
            return hostileId(prefix);
        }

        @Override
        protected UserDirectory directory(Roster roster) {
            return overRest(roster, clock);
        }
    }

    @Nested
    class Lifecycle extends UserLifecycleContract {
        @Override
        protected Storage storage() {
            return storage;
        }

        @Override
        protected String newId(String prefix) {
            return hostileId(prefix);
        }

        @Override
        protected UserDirectory directory(Roster roster) {
            return overRest(roster, clock);
        }
    }

    @Nested
    class Paging extends UserPagingContract {
        @Override
        protected Storage storage() {
            return storage;
        }

        @Override
        protected String newId(String prefix) {
            return hostileId(prefix);
        }

        @Override
        protected UserDirectory directory(Roster roster) {
            return overRest(roster, clock);
        }
    }
}
