package dev.roster.server;

import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.User;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.server.copy.CopyProgress;
import dev.roster.server.copy.StoreCopy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code copy} killed with SIGKILL in the middle, then run again, for pairs of persistent stores
 * chosen so that each engine (H2 file, PostgreSQL, MariaDB, MongoDB) is both a killed source and a
 * killed target. The test opens an H2 file with {@code AUTO_SERVER=TRUE} before the copy does, so
 * the copy's process writes through the test's JVM and the kill ends the copy, not the database;
 * the other engines are servers anyway. The second run continues (it writes only what the first did
 * not) and the target ends up exactly the source, with no duplicate. A pair whose server variable
 * is unset is skipped.
 */
class CopyCrashIT {

    private static final String APP = "crash-copy";
    /** How long a journaled MongoDB write the killed process left half-done holds its documents. */
    private static final long MONGO_LEASE_MILLIS = 31_000;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"h2, h2, 10000", "h2, postgresql, 10000", "postgresql, mongo, 2000", "mongo, mariadb, 2000",
            "mariadb, h2, 10000"})
    void aCopyKilledMidwayContinuesOnTheNextRun(String from, String to, int users, @TempDir Path dir) throws Exception {
        try (CrashStore sourceStore = open(from, dir.resolve("source"));
             CrashStore targetStore = open(to, dir.resolve("target"))) {
            String source = url(sourceStore);
            String target = url(targetStore);
            seed(source, users);
            try (Storage into = StorageProvider.openUrl(target)) {
                ServerProcess copy = ServerProcess.start(dir, "copy", "--from", source, "--to", target);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String killAfter = String.format("user-%06d", users * 3 / 20 - 1);
                while (into.users().list(APP, killAfter, 1).isEmpty() && copy.process.isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, 200));
                assertTrue(copy.process.isAlive(), "the copy ended before the kill, so the test proves nothing: "
                        + copy.lines);
                copy.kill();
                resumes(from + " -> " + to, users, source, into);
            }
        }
    }

    private static void resumes(String pair, int users, String sourceUrl, Storage target) throws InterruptedException {
        try (Storage source = StorageProvider.openUrl(sourceUrl)) {
            int before = target.users().list(APP, null, users).size();
            assertTrue(before > 0 && before < users, "the kill came mid-copy: " + before + " users copied");
            long started = System.nanoTime();
            CopyProgress rerun;
            try {
                rerun = StoreCopy.between(source, target).copy();
            } catch (IllegalStateException held) {
                System.out.printf("%s: %s; waiting out the lease%n", pair, held.getMessage());
                Thread.sleep(MONGO_LEASE_MILLIS);
                before = target.users().list(APP, null, users).size();
                started = System.nanoTime();
                rerun = StoreCopy.between(source, target).copy();
            }
            double took = (System.nanoTime() - started) / 1e9;
            assertEquals(users, rerun.read().users());
            assertTrue(rerun.written().users() > 0, "the rerun wrote nothing");
            assertEquals(users - before, rerun.written().users(), "the rerun writes only what the kill left out");
            assertEquals(List.of(), StoreCopy.between(source, target).verify().differences());
            started = System.nanoTime();
            assertEquals(0, StoreCopy.between(source, target).copy().written().total(), "a third run writes nothing");
            double compared = (System.nanoTime() - started) / 1e9;
            System.out.printf("%s: copy killed after %d of %d users; the rerun read %d and wrote the other %d in %.2f s,"
                    + " verify clean; a third run read them all and wrote nothing in %.2f s%n", pair, before, users,
                    rerun.read().users(), rerun.written().users(), took, compared);
        }
    }

    /** A fresh, empty store of {@code kind}; skips the test when its server variable is unset. */
    private static CrashStore open(String kind, Path dir) throws Exception {
        return switch (kind) {
            case "h2" -> CrashStore.Jdbc.h2File(dir);
            case "postgresql" -> CrashStore.Jdbc.postgres(server("ROSTER_TEST_POSTGRES_URL"));
            case "mariadb" -> CrashStore.Jdbc.mariadb(server("ROSTER_TEST_MARIADB_URL"));
            case "mongo" -> CrashStore.MongoJournal.start();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String server(String variable) {
        String url = System.getenv(variable);
        assumeTrue(url != null, "set " + variable + " to run the copy crash test on this pair");
        return url;
    }

    /** An H2 file is served by whichever process opens it first, so the test and the copy share it. */
    private static String url(CrashStore store) {
        return store.url().startsWith("jdbc:h2:") ? store.url() + ";AUTO_SERVER=TRUE" : store.url();
    }

    /** Users written straight through the SPI, a thousand per write: seeding is not what is tested. */
    private static void seed(String url, int users) {
        try (Storage store = StorageProvider.openUrl(url)) {
            store.apps().save(new App(APP, "sk_test_crash_copy_crash_01", AppSettings.defaults()));
            List<UserWrite> writes = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                writes.add(new UserWrite(new User(String.format("user-%06d", i), "User " + i, List.of(), List.of(), null,
                        null, User.DEFAULT_ROLE, null, new TreeMap<>(Map.of("n", "" + i)), new TreeSet<>(), null,
                        1_700_000_000_000L + i), 0));
                if (writes.size() == 1_000) {
                    assertTrue(store.users().write(APP, writes));
                    writes.clear();
                }
            }
        }
    }
}
