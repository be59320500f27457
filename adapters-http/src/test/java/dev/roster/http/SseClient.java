package dev.roster.http;

import dev.roster.http.internal.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A small server-sent-events reader for tests: events queue up and are taken with bounded waits. */
final class SseClient implements AutoCloseable {

    /** One event: its id, its name, and its data parsed as JSON. */
    record Event(String id, String name, Object data) {
    }

    static final Duration WAIT = Duration.ofSeconds(10);

    final int status;
    private final InputStream body;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile int heartbeats;

    private SseClient(int status, InputStream body) {
        this.status = status;
        this.body = body;
        Thread reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} with these header name/value pairs; waits for the response headers. */
    static SseClient open(HttpClient client, String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> response = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return new SseClient(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, Json.read(data.toString())));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    heartbeats++;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // The stream was closed by the test or the server; ended tells which waits to stop.
            ended.complete(null);
            return;
        }
        ended.complete(null);
    }

    /** The next event, waiting at most {@link #WAIT}. */
    Event next() {
        try {
            Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "no event within " + WAIT);
            assertEquals("snapshot", event.name());
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event if one comes within {@code wait}, else null. */
    Event poll(Duration wait) {
        try {
            return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Completes when the server ends the stream. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    int heartbeats() {
        return heartbeats;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
