package dev.roster.bench;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone Roster server (adapters-http's {@code roster-server.jar}) as a child process on
 * 127.0.0.1, with one app and one user created through its REST API.
 *
 * @param process the server process
 * @param port    its port
 */
record RosterServer(Process process, int port) implements AutoCloseable {

    /** The server started, or null (and a fact saying why) when the jar is not built. */
    static RosterServer startIfPresent(Settings settings, Report report) throws Exception {
        if (!Files.isRegularFile(settings.serverJar())) {
            report.fact("row5.rosterHalf", "skipped: " + settings.serverJar() + " not found (adapters-http not on main yet)");
            return null;
        }
        int port = HttpBench.freePort();
        Process process = HttpBench.java(List.of("-jar", settings.serverJar().toString()), "roster");
        return new RosterServer(process, port);
    }

    String userPath() {
        return "/v1/" + BenchUsers.APP + "/users/" + HttpBench.USER_ID;
    }

    String[] headers() {
        return new String[] {"Authorization: Bearer " + BenchUsers.SECRET};
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
