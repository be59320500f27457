package dev.roster.jdbc;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.UserPatch;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On an H2 file a write returns only once it is in the file: a process killed right after an
 * acknowledged write loses nothing, whatever opened the database.
 */
class H2DurabilityTest {

    private static final String APP = "durable";

    @TempDir
    Path directory;

    @Test
    void opensAnH2FileWithEveryCommitWrittenBeforeItReturns() throws SQLException {
        String url = "jdbc:h2:file:" + directory.resolve("roster");
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            assertEquals(0, writeDelay(url));
        }
    }

    @Test
    void appliesTheSettingToADataSourceTheCallerOpened() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + directory.resolve("given"));
        try (JdbcStorage storage = JdbcStorage.builder(dataSource.getURL()).dataSource(dataSource).build()) {
            assertEquals(0, writeDelay(dataSource.getURL()));
        }
    }

    @Test
    void keepsAWriteDelayTheUrlAsksFor() throws SQLException {
        String url = "jdbc:h2:file:" + directory.resolve("relaxed") + ";WRITE_DELAY=200";
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            assertEquals(200, writeDelay(url));
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("killed");
        Path acks = directory.resolve("acknowledged.txt");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), url)
                .redirectOutput(acks.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lines(acks).size() < 400 && writer.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        writer.destroyForcibly();
        assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
        List<String> acknowledged = lines(acks);
        assertTrue(acknowledged.size() >= 400, "the writer acknowledged only " + acknowledged.size() + " writes");

        try (Roster roster = Roster.builder().storage(JdbcStorage.open(url)).build()) {
            List<String> lost = acknowledged.stream()
                    .filter(id -> roster.findUser(APP, id).isEmpty())
                    .toList();
            assertEquals(List.of(), lost, "acknowledged before the kill, missing after it");
        }
    }

    /** The complete lines of the writer's output; a line being written when it was killed is not one. */
    private static List<String> lines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n", -1)).stream()
                .filter(line -> !line.isEmpty())
                .toList();
    }

    private static int writeDelay(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertTrue(row.next());
            return Integer.parseInt(row.getString(1));
        }
    }

    /** Writes users one by one and prints each id once its write has returned, until killed. */
    public static final class Writer {

        public static void main(String[] args) {
            try (Roster roster = Roster.builder().storage(JdbcStorage.open(args[0])).build()) {
                roster.saveApp(new App(APP, "sk_test_0123456789abcdef", AppSettings.defaults()));
                for (int i = 0; ; i++) {
                    String id = "user-" + i;
                    roster.upsertUser(APP, id, UserPatch.builder().name("User " + i).build());
                    System.out.println(id);
                    System.out.flush();
                }
            }
        }
    }
}
