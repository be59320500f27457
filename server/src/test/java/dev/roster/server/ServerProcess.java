package dev.roster.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code target/roster-server.jar} running as its own process, with every line it wrote so far. */
final class ServerProcess {

    static final Pattern LISTENING = Pattern.compile("Roster listening on (http://localhost:\\d+/)");

    final Process process;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    queue.add(line);
                }
            } catch (IOException e) {
                queue.add("read failed: " + e);
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar in {@code workDir} with these arguments and extra environment variables. */
    static ServerProcess start(Path workDir, List<String> environment, String... args) throws IOException {
        Path jar = Paths.get("target", "roster-server.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        for (String variable : environment) {
            int equals = variable.indexOf('=');
            builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        return new ServerProcess(builder.start());
    }

    static ServerProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /** The first line from now on that matches, waiting up to a minute. */
    Matcher await(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = queue.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            } else if (!process.isAlive() && queue.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no line matching " + pattern + " in " + lines);
    }

    /** The base URL once the server listens. */
    String awaitListening() throws InterruptedException {
        return await(LISTENING).group(1);
    }

    /** Kills the process with SIGKILL and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server outlived SIGKILL");
    }

    /** Sends SIGTERM, waits for the clean stop and checks the exit status. */
    void stopWithSigterm() throws InterruptedException {
        // ProcessHandle.destroy sends SIGTERM like Process.destroy, but leaves the output pipe
        // open, so the server's last log line can still be read.
        assertTrue(process.toHandle().destroy());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
        await(Pattern.compile("Roster stopped"));
        assertEquals(143, process.exitValue(), "exit status after SIGTERM");
    }
}
