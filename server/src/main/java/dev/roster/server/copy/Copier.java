package dev.roster.server.copy;

import dev.roster.core.domain.App;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.Webhook;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StoredWebhook;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Copies apps, users and conversations with their messages from one store to another through the
 * SPI, writing only what the target does not hold as the source holds it: so a second run writes
 * nothing, and a run after a crash writes only what the crash left out. Every write is one of the
 * target's ordinary atomic writes (a page of users, or a conversation with a page of messages),
 * with the target's own versions and change log.
 */
final class Copier {

    private final Storage from;
    private final Storage to;
    private final Consumer<CopyProgress> listener;
    private CopyProgress progress = CopyProgress.START;

    Copier(Storage from, Storage to, Consumer<CopyProgress> listener) {
        this.from = from;
        this.to = to;
        this.listener = listener;
    }

    /**
     * Copies these apps of the source, after one count of each kind per app in the source for the
     * progress reports' totals.
     */
    CopyProgress copy(List<App> apps) {
        CopyCounts expected = CopyCounts.NONE;
        for (App app : apps) {
            expected = expected.plus(countsOf(from, app.id()));
        }
        progress = progress.expecting(expected);
        for (App app : apps) {
            copyApp(app);
            boolean firstCopy = to.users().list(app.id(), null, 1).isEmpty();
            for (List<User> page : Paged.users(from, app.id())) {
                copyUsers(app.id(), page, !firstCopy);
            }
            for (List<String> ids : Paged.conversationIds(from, app.id())) {
                copyConversations(app.id(), ids);
            }
        }
        return progress;
    }

    /**
     * The app with its settings, its app-wide token revocation and its webhooks, unless the target
     * holds them. A webhook new to the target starts at the end of the target's change feed: it
     * receives the events written there from now on (the copy's own writes record none); its
     * deliveries stay in the source.
     */
    void copyApp(App app) {
        Optional<Long> revoked = from.apps().tokensRevokedBefore(app.id());
        List<Webhook> webhooks = webhooksOf(from, app.id());
        boolean same = to.apps().find(app.id()).filter(app::equals).isPresent()
                && to.apps().tokensRevokedBefore(app.id()).equals(revoked) && webhooksOf(to, app.id()).equals(webhooks);
        if (!same) {
            to.apps().save(app);
            revoked.ifPresent(before -> to.apps().revokeTokens(app.id(), before));
            FeedCursor end = new FeedCursor(to.changes().head() + 1, 0);
            for (Webhook webhook : webhooks) {
                boolean known = to.webhooks().find(app.id(), webhook.id()).isPresent();
                to.webhooks().save(webhook, known ? null : end);
            }
        }
        report(new CopyCounts(1, 0, 0, 0), new CopyCounts(same ? 0 : 1, 0, 0, 0));
    }

    /** {@return the app (one) and how many users, conversations and messages of it {@code storage} holds} */
    static CopyCounts countsOf(Storage storage, String appId) {
        return new CopyCounts(1, storage.users().count(appId), storage.conversations().count(appId),
                storage.conversations().countMessages(appId));
    }

    /** The app's webhook registrations in a store. */
    static List<Webhook> webhooksOf(Storage storage, String appId) {
        return storage.webhooks().list(appId).stream().map(StoredWebhook::webhook).toList();
    }

    /**
     * Some users of the source in one write, then their last activity, which is not part of a user
     * write. Unless {@code targetMayHoldThem}, the target is not read first: a first copy into an
     * app the target holds no user of writes every user as new (and stops, as on any conflict, if
     * another writer created one meanwhile).
     */
    void copyUsers(String appId, List<User> users, boolean targetMayHoldThem) {
        List<String> ids = users.stream().map(User::id).toList();
        Map<String, Versioned<User>> there = targetMayHoldThem ? to.users().load(appId, ids) : Map.of();
        List<UserWrite> writes = new ArrayList<>();
        for (User user : users) {
            Versioned<User> existing = there.get(user.id());
            if (existing == null || !existing.value().equals(user)) {
                writes.add(new UserWrite(user, existing == null ? 0 : existing.version()));
            }
        }
        if (!writes.isEmpty() && !to.users().write(appId, writes)) {
            throw changedUnderTheCopy(appId, "users from " + ids.get(0));
        }
        long activities = copyLastActivity(appId, ids);
        report(new CopyCounts(0, users.size(), 0, 0), new CopyCounts(0, Math.max(writes.size(), activities), 0, 0));
    }

    /**
     * {@return how many users' last activity was written}: each one the target lacks or holds
     * earlier. The target is read only for the users the source has seen active.
     */
    private long copyLastActivity(String appId, List<String> ids) {
        Map<String, Long> active = new LinkedHashMap<>();
        from.users().lifecycles(appId, ids).forEach((id, lifecycle) -> {
            if (lifecycle.lastActiveAt() != null) {
                active.put(id, lifecycle.lastActiveAt());
            }
        });
        if (active.isEmpty()) {
            return 0;
        }
        Map<String, UserLifecycle> target = to.users().lifecycles(appId, active.keySet());
        long written = 0;
        for (Map.Entry<String, Long> user : active.entrySet()) {
            UserLifecycle there = target.get(user.getKey());
            long at = user.getValue();
            if (there != null && !Long.valueOf(at).equals(there.lastActiveAt())
                    && to.users().recordActivity(appId, user.getKey(), at, at + 1)) {
                written++;
            }
        }
        return written;
    }

    /**
     * These conversations as the source holds them now; one the source no longer holds (deleted
     * since it was listed or logged) is deleted from the target too.
     */
    void copyConversations(String appId, Collection<String> ids) {
        Map<String, Versioned<ConversationRecord>> source = from.conversations().load(appId, ids);
        Map<String, Versioned<ConversationRecord>> target = to.conversations().load(appId, ids);
        for (String id : ids) {
            Versioned<ConversationRecord> record = source.get(id);
            Versioned<ConversationRecord> existing = target.get(id);
            if (record != null) {
                copyConversation(appId, id, record.value(), existing);
            } else if (existing != null) {
                delete(appId, id, existing.version());
            }
        }
    }

    private void delete(String appId, String id, long version) {
        ConversationWrite delete = new ConversationWrite(id, version, null, null, List.of(), Set.of(), List.of(), Set.of());
        if (!to.conversations().write(appId, delete)) {
            throw changedUnderTheCopy(appId, "the delete of conversation " + id);
        }
        report(new CopyCounts(0, 0, 1, 0), new CopyCounts(0, 0, 1, 0));
    }

    /**
     * Writes the conversation with its newest page of messages, then each older page that the
     * target lacks; the first write also sets the participations (removing those the source lacks).
     */
    private void copyConversation(String appId, String id, ConversationRecord record,
                                  Versioned<ConversationRecord> existing) {
        long version = existing != null ? existing.version() : to.conversations().tombstoneVersion(appId, id);
        boolean recordDiffers = existing == null || !existing.value().equals(record);
        List<InboxEntry> entries = List.copyOf(record.entries().values());
        Set<String> removed = existing == null ? Set.of() : removedEntries(existing.value(), record);
        long messagesRead = 0;
        long messagesWritten = 0;
        boolean first = true;
        for (List<Message> page : Paged.messages(from, appId, id)) {
            List<Message> missing = existing == null ? page : missingIn(appId, id, page);
            if (first && recordDiffers) {
                version = write(appId, record, version, entries, removed, missing);
            } else if (!missing.isEmpty()) {
                version = write(appId, record, version, List.of(), Set.of(), missing);
            }
            messagesRead += page.size();
            messagesWritten += missing.size();
            first = false;
        }
        if (first && recordDiffers) {
            write(appId, record, version, entries, removed, List.of());
        }
        boolean written = recordDiffers || messagesWritten > 0;
        report(new CopyCounts(0, 0, 1, messagesRead), new CopyCounts(0, 0, written ? 1 : 0, messagesWritten));
    }

    /** {@return the version written} by one write of the conversation with these participations and messages */
    private long write(String appId, ConversationRecord record, long version, List<InboxEntry> entries,
                       Set<String> removedEntries, List<Message> messages) {
        String id = record.conversation().id();
        String lastMessageId = record.lastMessage() == null ? null : record.lastMessage().id();
        ConversationWrite write = new ConversationWrite(id, version, record.conversation(), lastMessageId, entries,
                removedEntries, messages, Set.of());
        if (!to.conversations().write(appId, write)) {
            throw changedUnderTheCopy(appId, "conversation " + id);
        }
        return write.newVersion();
    }

    private List<Message> missingIn(String appId, String id, List<Message> page) {
        if (page.isEmpty()) {
            return page;
        }
        Map<String, Message> there = to.conversations().findMessages(appId, id, page.stream().map(Message::id).toList());
        return page.stream().filter(message -> !message.equals(there.get(message.id()))).toList();
    }

    private static Set<String> removedEntries(ConversationRecord existing, ConversationRecord record) {
        Set<String> removed = new HashSet<>(existing.entries().keySet());
        removed.removeAll(record.entries().keySet());
        return removed;
    }

    private void report(CopyCounts read, CopyCounts written) {
        progress = progress.add(read, written);
        listener.accept(progress);
    }

    private static IllegalStateException changedUnderTheCopy(String appId, String what) {
        return new IllegalStateException("The target changed while the copy wrote " + what + " of app " + appId
                + "; run the copy again (it continues from what is there)");
    }
}
