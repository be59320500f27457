package dev.roster.jdbc;

import dev.roster.core.spi.Storage;
import dev.roster.testkit.WebhookSharedContract;
import dev.roster.testkit.WebhookStorePortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The webhook contracts on an H2 file, where writes go one at a time through the store's gate and
 * bodies are written to the file (the store suite runs on in-memory H2): the port's, and two stores
 * over one file opened with {@code AUTO_SERVER}, as two processes.
 */
class H2FileWebhookStoreTest {

    @TempDir
    static Path directory;

    private static String url;
    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        url = "jdbc:h2:file:" + directory.resolve("roster") + ";AUTO_SERVER=TRUE";
        storage = JdbcStorage.open(url);
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @Nested
    class WebhookStorePort extends WebhookStorePortContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class WebhooksSharedBetweenProcesses extends WebhookSharedContract {
        @Override
        protected Storage storage() {
            return storage;
        }

        @Override
        protected Storage openAnotherProcess() {
            return JdbcStorage.open(url);
        }
    }
}
