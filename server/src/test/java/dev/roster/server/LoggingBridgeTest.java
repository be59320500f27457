package dev.roster.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roster's libraries log through System.Logger; the server routes that to SLF4J, Jetty's backend. */
class LoggingBridgeTest {

    @Test
    void systemLoggerRecordsGoToSlf4j() {
        String finder = System.LoggerFinder.getLoggerFinder().getClass().getName();
        assertTrue(finder.startsWith("org.slf4j."), "System.Logger is served by " + finder);
    }
}
