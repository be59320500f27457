package dev.roster.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.roster.core.domain.WebhookSignature;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook receiver on a loopback port for the server's process tests: it records every post and
 * answers 200, except that it can hold one post unanswered (the {@code holdAt}-th) until released,
 * so that a test can kill the sender between its send and its record.
 */
final class HookReceiver implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final int holdAt;
    private final AtomicInteger count = new AtomicInteger();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Post> posts = new ArrayList<>();
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private volatile String heldEvent;

    private record Post(String eventId, String signature, String body) {
    }

    /** A receiver that holds no post. */
    HookReceiver() throws IOException {
        this(0);
    }

    /** A receiver that holds its {@code holdAt}-th post (counting from 1) until {@link #release()}. */
    HookReceiver(int holdAt) throws IOException {
        this.holdAt = holdAt;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String eventId = exchange.getRequestHeaders().getFirst("Roster-Event-Id");
        synchronized (posts) {
            posts.add(new Post(eventId, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body));
        }
        if (count.incrementAndGet() == holdAt) {
            heldEvent = eventId;
            held.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        users.add(json.readTree(body).path("data").path("id").asText());
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** Waits for the held post. */
    void awaitHeld() throws InterruptedException {
        assertTrue(held.await(60, TimeUnit.SECONDS), "the receiver never held a post");
    }

    /** {@return the event id of the held post} */
    String heldEvent() {
        return heldEvent;
    }

    /** Lets the held post end, without an answer. */
    void release() {
        released.countDown();
    }

    /** Waits until the created events of users {@code u0} to {@code u<expected - 1>} were answered 200. */
    void awaitUsers(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (users.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Set<String> missing = new TreeSet<>();
        for (int i = 0; i < expected; i++) {
            if (!users.contains("u" + i)) {
                missing.add("u" + i);
            }
        }
        assertEquals(Set.of(), missing, "users whose created event never arrived");
    }

    /** {@return how many posts arrived} */
    int posts() {
        synchronized (posts) {
            return posts.size();
        }
    }

    /** {@return how many posts of this event arrived} */
    long countOf(String eventId) {
        synchronized (posts) {
            return posts.stream().filter(post -> post.eventId().equals(eventId)).count();
        }
    }

    /** {@return how many distinct events arrived} */
    int distinctEvents() {
        synchronized (posts) {
            return (int) posts.stream().map(Post::eventId).distinct().count();
        }
    }

    /** {@return the event ids of posts whose signature does not verify with {@code secret}} */
    List<String> badSignatures(String secret) {
        long now = Instant.now().getEpochSecond();
        synchronized (posts) {
            return posts.stream().filter(post -> !WebhookSignature.verify(secret, post.signature(), post.body(), now,
                    300)).map(Post::eventId).toList();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
