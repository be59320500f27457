package dev.roster.server;

import dev.roster.core.spi.AppStore;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.WebhookStore;
import dev.roster.server.copy.StoreCopy;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link StoreCopy} copies whole values (apps, users, conversation records, messages), so a field
 * added to one of them is copied without new code. A new port or a new method on a port may hold
 * data the copy does not know: this test lists what the copy was written against, and fails on
 * anything new until the copy carries it (and the list here says so).
 */
class CopyCoversTheStoreTest {

    @Test
    void theCopyKnowsEveryPortThatHoldsData() {
        assertEquals(Set.of("apps", "users", "conversations", "presence", "changes", "webhooks", "capabilities", "close"),
                methods(Storage.class), "a new port of Storage: copy what it holds in StoreCopy, or say here why not");
        assertEquals(Set.of("find", "save", "all", "revokeTokens", "tokensRevokedBefore"), methods(AppStore.class), "AppStore changed: check StoreCopy");
        assertEquals(Set.of("load", "write", "createOrLoad", "list", "count", "query", "recordActivity",
                        "lifecycles"),
                methods(UserStore.class),
                "UserStore changed: check that StoreCopy carries what the new method stores");
        assertEquals(Set.of("load", "tombstoneVersion", "write", "listIds", "count", "listInbox", "messages",
                        "findMessages", "idempotencyKeys", "countMessages", "messagesBySender"), methods(ConversationStore.class),
                "ConversationStore changed: check that StoreCopy carries what the new method stores");
        assertEquals(Set.of("save", "find", "list", "all", "delete", "enqueue", "pending", "claim", "update", "delivery",
                        "deliveries", "prune"), methods(WebhookStore.class),
                "WebhookStore changed: StoreCopy carries the registrations (list, save), not the deliveries, which "
                        + "each store queues from its own feed; check what the new method stores");
    }

    private static Set<String> methods(Class<?> port) {
        return Arrays.stream(port.getDeclaredMethods()).filter(method -> !method.isSynthetic())
                .filter(method -> !java.lang.reflect.Modifier.isStatic(method.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }
}
