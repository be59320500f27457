package dev.roster.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerOptionsTest {

    @Test
    void anAllowedOriginIsCheckedAndCanonicalised() {
        IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
                () -> RosterServer.Options.parse("--allow-origin", "https://chat.example.com/app"));
        assertTrue(option.getMessage().contains("https://chat.example.com/app"), option.getMessage());
        assertEquals(List.of("http://localhost:5173"),
                RosterServer.Options.parse("--allow-origin", "http://LOCALHOST:5173").origins());
    }

    @Test
    void appsComeFromTheEnvironmentThenTheFileThenTheFlags(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("apps"), "# production apps\n\n  b:sk_file_b  \nc:sk_file_c\n");
        RosterServer.Options options = RosterServer.Options.parse(
                Map.of(RosterServer.APPS_VARIABLE, " a:sk_env_a, c:sk_env_c\tz:sk_env_z "),
                "--app", "c:sk_flag_c", "--apps-file", file.toString());
        assertEquals(List.of("a:sk_env_a", "c:sk_env_c", "z:sk_env_z", "b:sk_file_b", "c:sk_file_c", "c:sk_flag_c"),
                options.apps());
    }

    @Test
    void aMalformedAppNamesItsSourceButNeverItsSecret(@TempDir Path dir) throws IOException {
        IllegalArgumentException environment = assertThrows(IllegalArgumentException.class,
                () -> RosterServer.Options.parse(Map.of(RosterServer.APPS_VARIABLE, "a:sk_ok nocolon")));
        assertTrue(environment.getMessage().contains(RosterServer.APPS_VARIABLE), environment.getMessage());

        Path file = Files.writeString(dir.resolve("apps"), "a:sk_secret_one\nb:\n");
        IllegalArgumentException line = assertThrows(IllegalArgumentException.class,
                () -> RosterServer.Options.parse("--apps-file", file.toString()));
        assertTrue(line.getMessage().contains("line 2"), line.getMessage());

        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
                () -> RosterServer.Options.parse("--app", ":sk_secret_two"));
        assertFalse(flag.getMessage().contains("sk_secret_two"), flag.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RosterServer.Options.parse("--apps-file", dir.resolve("absent").toString()));
        assertTrue(missing.getMessage().contains("--apps-file"), missing.getMessage());
    }

    @Test
    void metricsAreOnUnlessSwitchedOff() {
        assertTrue(RosterServer.Options.parse().metrics());
        assertFalse(RosterServer.Options.parse("--metrics", "off").metrics());
        assertTrue(RosterServer.Options.parse("--metrics", "off", "--metrics", "on").metrics());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> RosterServer.Options.parse("--metrics", "no"));
        assertEquals("--metrics needs on or off, got no", wrong.getMessage());
    }

    @Test
    void allowedWebhookHostsComeFromTheEnvironmentAndEveryFlag() {
        assertEquals(List.of(), RosterServer.Options.parse().webhookHosts(), "none by default");
        RosterServer.Options options = RosterServer.Options.parse(
                Map.of(RosterServer.WEBHOOK_HOSTS_VARIABLE, " hooks.internal, 10.0.0.7 "),
                "--webhook-allow-host", "localhost", "--webhook-allow-host", "[::1]");
        assertEquals(List.of("hooks.internal", "10.0.0.7", "localhost", "[::1]"), options.webhookHosts());
        for (String wrong : List.of("http://localhost", "localhost:8080", " ")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> RosterServer.Options.parse("--webhook-allow-host", wrong));
            assertTrue(refused.getMessage().startsWith("--webhook-allow-host needs a host"), refused.getMessage());
        }
    }

    @Test
    void theWebhookTimeoutIsWholeSecondsTenByDefault() {
        assertEquals(Duration.ofSeconds(10), RosterServer.Options.parse().webhookTimeout());
        assertEquals(Duration.ofSeconds(2), RosterServer.Options.parse("--webhook-timeout", "2").webhookTimeout());
        for (String wrong : List.of("0", "-1", "1.5", "2s", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> RosterServer.Options.parse("--webhook-timeout", wrong));
            assertTrue(refused.getMessage().startsWith("--webhook-timeout needs a whole number"), refused.getMessage());
        }
    }
}
