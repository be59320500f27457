package dev.roster.http;

import dev.roster.core.domain.App;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code src/test/js/browser.test.mjs}: the JavaScript client in real headless Chromium
 * (driven by playwright-core, installed with {@code npm ci} from the committed lock file) against a
 * real server started here. Skipped, with a message, only when node or Chromium is missing.
 */
class BrowserClientTest {

    private static final Path SCRIPTS = Path.of("src", "test", "js");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void theJavaScriptClientWorksInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is missing at " + CHROMIUM
                + "; install it (apt-get install -y chromium) to run the browser tests");
        assumeTrue(succeeds(List.of("node", "--version")), "node is not on the PATH; install Node.js 20 to run the browser tests");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), NPM_TIMEOUT, List.of());
            assertEquals(0, npm.exit(), "npm ci failed:\n" + npm.output());
        }
        Server allowedPages = pageServer();
        Server otherPages = pageServer();
        String allowed = origin(allowedPages);
        try (RestFixture http = RestFixture.jetty().roster(roster -> roster.pollInterval(Duration.ofMillis(20)))
                .api(api -> api.heartbeat(Duration.ofSeconds(1)).allowOrigins(List.of(allowed))).start()) {
            App app = http.app();
            String me = newId("me");
            Result test = run(List.of("node", "browser.test.mjs"), TEST_TIMEOUT, List.of(
                    "ROSTER_BASE=" + http.base(), "ROSTER_APP_ID=" + app.id(), "ROSTER_SECRET=" + app.secretKey(),
                    "ROSTER_USER=" + me, "ROSTER_TOKEN=" + UserTokens.user(app, me), "CHROMIUM=" + CHROMIUM,
                    "ROSTER_ALLOWED_PAGE=" + allowed, "ROSTER_OTHER_PAGE=" + origin(otherPages)));
            System.out.println(test.output());
            assertEquals(0, test.exit(), "browser tests failed:\n" + test.output());
            assertTrue(test.output().contains("ok - get() calls in one tick make one request"), test.output());
            assertTrue(test.output().contains("ok - a page of an allowed origin subscribes across origins"), test.output());
            assertTrue(test.output().contains("ok - get() of a subscribed user makes no request"), test.output());
            assertTrue(test.output().contains("ok - with clientUserSync off, a me with more than its id is refused"), test.output());
            assertTrue(test.output().contains("ok - a deactivated user sees USER_DEACTIVATED on calls and subscriptions"),
                    test.output());
        } finally {
            allowedPages.stop();
            otherPages.stop();
        }
    }

    /** A server of blank pages on its own loopback port, so that its pages have an origin of their own. */
    private static Server pageServer() throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put("Content-Type", "text/html; charset=utf-8");
                response.write(true, ByteBuffer.wrap("<!doctype html><title>A page elsewhere</title>"
                        .getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    private static String origin(Server server) {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private record Result(int exit, String output) {
    }

    private static boolean succeeds(List<String> command) {
        try {
            return run(command, Duration.ofSeconds(30), List.of()).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Result run(List<String> command, Duration timeout, List<String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true);
        for (String variable : environment) {
            int eq = variable.indexOf('=');
            builder.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        Process process = builder.start();
        try {
            byte[][] output = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    output[0] = process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    output[0] = ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
                }
            });
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                reader.join(5_000);
                return new Result(-1, "timed out after " + timeout + ":\n" + text(output[0]));
            }
            reader.join(5_000);
            return new Result(process.exitValue(), text(output[0]));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
