package dev.roster.http;

import dev.roster.core.api.Conversations;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.http.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /v1/{appId}/users/{userId}/export} over real HTTP: its shape, 404, and a big user streamed in pages. */
class UserExportEndpointTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty();

    @Test
    @SuppressWarnings("unchecked")
    void theExportHoldsEveryPartWithPrivateFields() {
        String me = newId("me");
        String other = newId("other");
        RestFixture.ok(http.call("PUT", "/users", "{\"" + me + "\": {\"name\": \"Me\", \"email\": \"me@example.com\", "
                + "\"pushTokens\": {\"fcm:abc\": true}}, \"" + other + "\": {\"name\": \"Other\"}}"));
        String c = newId("c");
        RestFixture.ok(http.call("PUT", "/conversations/" + c, "{\"participants\": [\"" + me + "\", \"" + other + "\"]}"));
        RestFixture.ok(http.call("POST", "/conversations/" + c + "/messages", "[{\"type\": \"UserMessage\", \"sender\": \""
                + me + "\", \"text\": \"mine\"}, {\"type\": \"UserMessage\", \"sender\": \"" + other
                + "\", \"text\": \"theirs\"}]"));
        http.roster().presence().touch(http.app().id(), me, "session-1");

        RestFixture.Reply reply = RestFixture.ok(http.call("GET", "/users/" + me + "/export", null));

        assertTrue(reply.raw().headers().firstValue("Content-Length").isEmpty(), "streamed, so no length up front");
        assertEquals("no-store", reply.raw().headers().firstValue("Cache-Control").orElse(null), "private data");
        assertEquals(List.of("user", "conversations", "messages", "presence"), List.copyOf(reply.object().keySet()));
        Map<String, Object> user = (Map<String, Object>) reply.get("user");
        assertEquals(List.of("me@example.com"), user.get("email"));
        assertEquals(Map.of("fcm:abc", true), user.get("pushTokens"));
        assertTrue(user.get("lastActiveAt") instanceof Number, "the presence heartbeat was activity");
        List<Map<String, Object>> conversations = (List<Map<String, Object>>) reply.get("conversations");
        assertEquals(List.of(c), conversations.stream().map(x -> x.get("id")).toList());
        Map<String, Object> participation = (Map<String, Object>) conversations.get(0).get("participation");
        assertEquals("ReadWrite", participation.get("access"));
        assertEquals(1, ((Number) participation.get("unreadMessageCount")).intValue(), "the other's message");
        List<Map<String, Object>> messages = (List<Map<String, Object>>) reply.get("messages");
        assertEquals(List.of("mine"), messages.stream().map(m -> m.get("text")).toList());
        assertEquals(me, messages.get(0).get("senderId"));
        assertFalse(messages.get(0).containsKey("readBy"));
        assertEquals(List.of("session-1"), ((List<Map<String, Object>>) reply.get("presence")).stream()
                .map(s -> s.get("id")).toList());
    }

    @Test
    void aUserWithNothingHasEmptyParts() {
        String me = newId("me");
        RestFixture.ok(http.call("PUT", "/users/" + me, "{\"name\": \"Me\"}"));
        RestFixture.Reply reply = RestFixture.ok(http.call("GET", "/users/" + me + "/export", null));
        assertEquals(List.of(), reply.get("conversations"));
        assertEquals(List.of(), reply.get("messages"));
        assertEquals(List.of(), reply.get("presence"));
        assertNull(((Map<?, ?>) reply.get("user")).get("lastActiveAt"));
    }

    @Test
    void anUnknownUserIs404() {
        RestFixture.Reply reply = http.call("GET", "/users/" + newId("nobody") + "/export", null);
        assertEquals(404, reply.status());
        assertEquals("NOT_FOUND", reply.errorCode());
    }

    @Test
    void aBigUserIsStreamedPageByPageOnJetty() throws Exception {
        bigUserIsStreamed(RestFixture::jetty);
    }

    @Test
    void aBigUserIsStreamedPageByPageOnTheServlet() throws Exception {
        bigUserIsStreamed(RestFixture::servlet);
    }

    /**
     * 6,000 messages over a store that counts the pages read and holds the fifth page back until
     * the client has received the start of the body: the body leaves the server while the store is
     * still being read (it is never held whole), and no read asks for more than a page.
     */
    @SuppressWarnings("unchecked")
    private void bigUserIsStreamed(Supplier<RestFixture> server) throws Exception {
        Storage memory = StorageProvider.openUrl("memory:");
        GatedStorage gated = new GatedStorage(memory, 5);
        int conversations = 20;
        int perConversation = 300;
        try (RestFixture fixture = server.get().roster(Roster.builder().storage(gated.storage()).build()).start()) {
            App app = fixture.app();
            String me = seed(fixture.roster(), app, conversations, perConversation);

            HttpResponse<InputStream> response = fixture.client.send(HttpRequest.newBuilder(
                            URI.create(fixture.url("/v1/" + app.id() + "/users/" + me + "/export")))
                    .header("Authorization", "Bearer " + app.secretKey()).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            byte[] body;
            try (InputStream in = response.body()) {
                byte[] start = in.readNBytes(1024);
                gated.release();
                byte[] rest = in.readAllBytes();
                body = new byte[start.length + rest.length];
                System.arraycopy(start, 0, body, 0, start.length);
                System.arraycopy(rest, 0, body, start.length, rest.length);
            }

            assertFalse(gated.timedOut(), "the start of the body reached the client before the fifth page was read");
            Map<String, Object> export = (Map<String, Object>) Json.read(new String(body, StandardCharsets.UTF_8));
            assertEquals(conversations * perConversation, ((List<?>) export.get("messages")).size());
            assertEquals(conversations, ((List<?>) export.get("conversations")).size());
            assertEquals(Roster.EXPORT_PAGE, gated.largestPage(), "no read asks for more than a page");
            assertEquals(conversations * perConversation / Roster.EXPORT_PAGE + 1, gated.pages(),
                    "one read per page, and one that finds the end");
        } finally {
            memory.close();
        }
    }

    @Test
    void aStoreFailureMidwayAbortsTheResponseOnJetty() throws Exception {
        storeFailureAborts(RestFixture::jetty);
    }

    @Test
    void aStoreFailureMidwayAbortsTheResponseOnTheServlet() throws Exception {
        storeFailureAborts(RestFixture::servlet);
    }

    private void storeFailureAborts(Supplier<RestFixture> server) throws Exception {
        Storage memory = StorageProvider.openUrl("memory:");
        GatedStorage failing = new GatedStorage(memory, 3, true);
        try (RestFixture fixture = server.get().roster(Roster.builder().storage(failing.storage()).build()).start()) {
            App app = fixture.app();
            String me = seed(fixture.roster(), app, 5, 100);
            HttpResponse<InputStream> response = fixture.client.send(HttpRequest.newBuilder(
                            URI.create(fixture.url("/v1/" + app.id() + "/users/" + me + "/export")))
                    .header("Authorization", "Bearer " + app.secretKey()).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode(), "the headers left before the failure");
            try (InputStream in = response.body()) {
                assertThrows(IOException.class, in::readAllBytes, "the response is aborted, not ended");
            }
        } finally {
            memory.close();
        }
    }

    /** A user with {@code conversations} conversations of {@code perConversation} messages each, all sent by them. */
    private static String seed(Roster roster, App app, int conversations, int perConversation) {
        String me = newId("me");
        roster.upsertUser(app.id(), me, UserPatch.builder().name("Me").build());
        for (int c = 0; c < conversations; c++) {
            String id = "c" + c;
            roster.conversations().upsert(app.id(), id, ConversationPatch.none().withParticipants(me));
            for (int i = 0; i < perConversation; i += Conversations.MAX_MESSAGES) {
                List<NewMessage> batch = new ArrayList<>();
                for (int j = 0; j < Conversations.MAX_MESSAGES; j++) {
                    batch.add(NewMessage.user(me, "message " + (i + j) + " of " + id));
                }
                roster.conversations().send(app.id(), id, batch);
            }
        }
        return me;
    }

    /**
     * A store whose {@link ConversationStore#messagesBySender} counts its calls and their largest
     * limit, and whose call number {@code gate} waits (at most 10 s) for {@link #release()}, or
     * fails when {@code fail} is set.
     */
    private static final class GatedStorage {
        private final Storage storage;
        private final AtomicInteger pages = new AtomicInteger();
        private final AtomicInteger largest = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicBoolean timedOut = new AtomicBoolean();

        GatedStorage(Storage real, int gate) {
            this(real, gate, false);
        }

        GatedStorage(Storage real, int gate, boolean fail) {
            ConversationStore conversations = (ConversationStore) Proxy.newProxyInstance(
                    ConversationStore.class.getClassLoader(), new Class<?>[] {ConversationStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("messagesBySender")) {
                            largest.accumulateAndGet((Integer) args[3], Math::max);
                            if (pages.incrementAndGet() == gate) {
                                if (fail) {
                                    throw RosterException.of(ErrorCode.UNAVAILABLE, "the store went away");
                                }
                                if (!released.await(10, TimeUnit.SECONDS)) {
                                    timedOut.set(true);
                                }
                            }
                        }
                        return invoke(method, real.conversations(), args);
                    });
            this.storage = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
                    new Class<?>[] {Storage.class}, (proxy, method, args) -> method.getName().equals("conversations")
                            ? conversations : invoke(method, real, args));
        }

        private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        Storage storage() {
            return storage;
        }

        void release() {
            released.countDown();
        }

        boolean timedOut() {
            return timedOut.get();
        }

        int pages() {
            return pages.get();
        }

        int largestPage() {
            return largest.get();
        }
    }
}
