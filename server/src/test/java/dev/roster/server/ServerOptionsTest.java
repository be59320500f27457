package dev.roster.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
