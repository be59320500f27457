package dev.roster.server.copy;

import dev.roster.core.domain.App;
import dev.roster.core.domain.User;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.Versioned;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Applies the source's change log to the target after a copy: each entry names a user or a
 * conversation that changed, and the follower copies it again as the source holds it now (a
 * conversation the source no longer holds is deleted from the target). Entries are applied in
 * position order; a missing position is waited for, since a write may become visible after a later
 * one, for at most {@link #GAP_TIMEOUT}, after which it is taken as never coming (as the core's
 * change followers do).
 */
final class Follower {

    /** The most log entries applied together. */
    static final int BATCH = 500;
    /** How long a missing position is waited for. */
    static final Duration GAP_TIMEOUT = Duration.ofSeconds(10);

    private final Storage from;
    private final Copier copier;
    private final String onlyApp;

    Follower(Storage from, Copier copier, String onlyApp) {
        this.from = from;
        this.copier = copier;
        this.onlyApp = onlyApp;
    }

    long follow(long after, Duration poll, BooleanSupplier stopped) throws InterruptedException {
        long position = after;
        long gapSince = -1;
        while (!stopped.getAsBoolean()) {
            List<Change> entries = from.changes().readAfter(position, BATCH);
            List<Change> ready = contiguous(entries, position);
            if (ready.isEmpty() && !entries.isEmpty()) {
                long now = System.nanoTime();
                gapSince = gapSince < 0 ? now : gapSince;
                if (now - gapSince >= GAP_TIMEOUT.toNanos()) {
                    ready = contiguous(entries, entries.get(0).position() - 1);
                }
            }
            if (ready.isEmpty()) {
                Thread.sleep(poll.toMillis());
                continue;
            }
            apply(ready);
            position = ready.get(ready.size() - 1).position();
            gapSince = -1;
        }
        return position;
    }

    private static List<Change> contiguous(List<Change> entries, long position) {
        List<Change> ready = new ArrayList<>();
        long next = position + 1;
        for (Change entry : entries) {
            if (entry.position() != next) {
                break;
            }
            ready.add(entry);
            next++;
        }
        return ready;
    }

    /** Copies each app's changed users and conversations once, however many entries name them. */
    private void apply(List<Change> entries) {
        Map<String, Set<String>> users = new LinkedHashMap<>();
        Map<String, Set<String>> conversations = new LinkedHashMap<>();
        for (Change entry : entries) {
            if (onlyApp == null || onlyApp.equals(entry.appId())) {
                (entry.kind() == ChangeKind.USER ? users : conversations)
                        .computeIfAbsent(entry.appId(), app -> new LinkedHashSet<>()).add(entry.entityId());
            }
        }
        Set<String> apps = new LinkedHashSet<>(users.keySet());
        apps.addAll(conversations.keySet());
        for (String appId : apps) {
            Optional<App> app = from.apps().find(appId);
            if (app.isEmpty()) {
                continue;
            }
            copier.copyApp(app.get());
            List<String> ids = List.copyOf(users.getOrDefault(appId, Set.of()));
            for (int start = 0; start < ids.size(); start += Paged.USERS) {
                List<User> changed = from.users().load(appId, ids.subList(start, Math.min(ids.size(), start + Paged.USERS)))
                        .values().stream().map(Versioned::value).toList();
                if (!changed.isEmpty()) {
                    copier.copyUsers(appId, changed, true);
                }
            }
            List<String> conversationIds = List.copyOf(conversations.getOrDefault(appId, Set.of()));
            for (int start = 0; start < conversationIds.size(); start += Paged.CONVERSATIONS) {
                copier.copyConversations(appId, conversationIds.subList(start,
                        Math.min(conversationIds.size(), start + Paged.CONVERSATIONS)));
            }
        }
    }
}
