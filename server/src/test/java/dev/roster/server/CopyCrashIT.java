package dev.roster.server;

import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.User;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.server.copy.CopyProgress;
import dev.roster.server.copy.StoreCopy;
import org.junit.jupiter.api.Test;
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

/**
 * {@code copy} from one H2 file into another killed with SIGKILL in the middle, then run again. The
 * test opens the target first with {@code AUTO_SERVER=TRUE}, so the copy's process writes through
 * the test's JVM and the kill ends the copy, not the target's database: the second run continues (it
 * writes only what the first did not) and the target ends up exactly the source, with no duplicate.
 */
class CopyCrashIT {

    private static final int USERS = 10_000;
    private static final String APP = "crash-copy";

    @Test
    void aCopyKilledMidwayContinuesOnTheNextRun(@TempDir Path dir) throws Exception {
        String from = "jdbc:h2:file:" + dir.resolve("source");
        seed(from);
        String to = "jdbc:h2:file:" + dir.resolve("target") + ";AUTO_SERVER=TRUE";
        try (Storage target = StorageProvider.openUrl(to)) {
            ServerProcess copy = ServerProcess.start(dir, "copy", "--from", from, "--to", to);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (target.users().list(APP, "user-001499", 1).isEmpty() && copy.process.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(ThreadLocalRandom.current().nextLong(0, 200));
            assertTrue(copy.process.isAlive(), "the copy ended before the kill, so the test proves nothing: "
                    + copy.lines);
            copy.kill();

            try (Storage source = StorageProvider.openUrl(from)) {
                int before = target.users().list(APP, null, USERS).size();
                assertTrue(before > 0 && before < USERS, "the kill came mid-copy: " + before + " users copied");
                long started = System.nanoTime();
                CopyProgress rerun = StoreCopy.between(source, target).copy();
                double took = (System.nanoTime() - started) / 1e9;
                assertEquals(USERS, rerun.read().users());
                assertEquals(USERS - before, rerun.written().users(), "the rerun writes only what the kill left out");
                assertEquals(List.of(), StoreCopy.between(source, target).verify().differences());
                started = System.nanoTime();
                assertEquals(0, StoreCopy.between(source, target).copy().written().total(), "a third run writes nothing");
                double compared = (System.nanoTime() - started) / 1e9;
                System.out.printf("copy killed after %d of %d users; the rerun read %d and wrote the other %d in %.2f s,"
                        + " verify clean; a third run read them all and wrote nothing in %.2f s%n", before, USERS,
                        rerun.read().users(), rerun.written().users(), took, compared);
            }
        }
    }

    /** Users written straight through the SPI, a thousand per write: seeding is not what is tested. */
    private static void seed(String url) {
        try (Storage store = StorageProvider.openUrl(url)) {
            store.apps().save(new App(APP, "sk_test_crash_copy_crash_01", AppSettings.defaults()));
            List<UserWrite> writes = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
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
