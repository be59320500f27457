package dev.roster.server.copy;

import dev.roster.core.api.Conversations;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.http.source.TalkJsSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import static dev.roster.server.copy.SourceListing.id;

/**
 * Imports one app from a TalkJS-compatible REST API into a Roster (SPEC §13), through the public
 * {@link Roster} API only, so the target's own rules, versions and change log apply: the app (created
 * with {@link #secretForNewApp the given key} when the target lacks it), users in batches of
 * {@value Roster#MAX_BATCH}, then the conversations, listed to the end first (the API has no
 * counts; the listing gives the progress its totals, see {@link CopyProgress.Basis.Conversations}),
 * each with its fields and participants (access and notify), its messages through
 * {@link Conversations#importMessages} with their original timestamps, oldest first,
 * {@value Conversations#MAX_MESSAGES} per call, and then each participant's read marker; a few
 * conversations at once ({@link #concurrently}).
 *
 * <p>Idempotent: what the target already holds as the source holds it is not written again. Each
 * message is imported with the idempotency key {@value #KEY_PREFIX}{@code <source message id>}, so
 * a rerun, after a crash or not, finds the messages that arrived and creates no duplicate; a second
 * run writes nothing. Never deletes: what only the target holds stays.
 *
 * <p>The target gives users and conversations their own {@code createdAt} (the public API sets it
 * on creation) and messages their own ids; a reply's {@code referencedMessageId} is mapped to the
 * target's id of the message it names (null when the source no longer has it). The source's
 * {@code editedAt}, attachments and locations are not carried. A read marker is the participant's
 * {@code readUntil} when the source sends one, else the time of the newest message whose
 * {@code readBy} holds the participant. A sender who left the conversation in the source joins
 * for the import of their messages and leaves again. A user the source reports {@code deactivated} is
 * deactivated after every conversation is in, since a deactivated user can neither join nor send.
 * Not thread-safe: one run at a time per instance.
 *
 * <pre>{@code
 * try (Roster target = Roster.builder().storageUrl(url).build()) {
 *     CopyProgress done = TalkJsImport.of(TalkJsSource.builder(uri, "app", secret).build(), target).run();
 * }
 * }</pre>
 */
public final class TalkJsImport {

    /** The prefix of the idempotency key of every imported message; the source's message id follows. */
    public static final String KEY_PREFIX = "import:";
    /** How many listed conversations an import keeps in memory unless told otherwise. */
    public static final int KEPT_LISTED = 10_000;
    /** How many conversations an import writes at once unless told otherwise. */
    public static final int CONCURRENT_CONVERSATIONS = 4;

    private static final Set<String> USER_FIELDS = Set.of("name", "email", "phone", "photoUrl", "welcomeMessage",
            "role", "locale", "custom", "pushTokens", "availabilityText");
    private static final Set<String> CONVERSATION_FIELDS = Set.of("subject", "photoUrl", "welcomeMessages",
            "custom", "topicId");

    private final TalkJsSource source;
    private final Roster target;
    private final String appId;
    private final String newAppSecret;
    private final Consumer<CopyProgress> listener;
    private final int keptListed;
    private final int concurrency;
    private final List<String> toDeactivate = new ArrayList<>();
    private final List<Difference> differences = new ArrayList<>();
    private Tally sourceTally = new Tally();
    private Tally targetTally = new Tally();
    private boolean verifying;
    private CopyProgress progress = CopyProgress.START;
    private long conversationsFrom;

    private TalkJsImport(TalkJsSource source, Roster target, String appId, String newAppSecret,
                         Consumer<CopyProgress> listener, int keptListed, int concurrency) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.newAppSecret = newAppSecret;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.keptListed = keptListed;
        this.concurrency = concurrency;
    }

    /**
     * An import of the source's app into the app of the same id in {@code target}; the caller
     * builds and closes both.
     *
     * @param source the source API
     * @param target the Roster to write into
     * @return the import, not started
     */
    public static TalkJsImport of(TalkJsSource source, Roster target) {
        return new TalkJsImport(source, target, source.appId(), null, progress -> { }, KEPT_LISTED,
                CONCURRENT_CONVERSATIONS);
    }

    /**
     * Writes into another app of the target.
     *
     * @param appId the target app's id
     * @return an import into that app
     */
    public TalkJsImport intoApp(String appId) {
        return new TalkJsImport(source, target, appId, newAppSecret, listener, keptListed, concurrency);
    }

    /**
     * The secret key of the target app when the import creates it, with default settings; without
     * one, an import into a target that lacks the app fails before it writes. An app the target
     * holds already keeps its key and settings.
     *
     * @param secret the secret key, at least {@value App#MIN_SECRET_LENGTH} characters
     * @return an import that creates the app with this key
     */
    public TalkJsImport secretForNewApp(String secret) {
        return new TalkJsImport(source, target, appId, Objects.requireNonNull(secret, "secret"), listener, keptListed,
                concurrency);
    }

    /**
     * Reports progress to {@code listener}, on the importing thread, after every page of users,
     * every page of the conversations' listing, at its end and after every conversation, in the
     * listing's order. From the
     * listing's end on, the progress has totals, a share done and a time left that follow the
     * conversations ({@link CopyProgress.Basis.Conversations}).
     *
     * @param listener what to call with the progress so far
     * @return an import that reports to {@code listener}
     */
    public TalkJsImport onProgress(Consumer<CopyProgress> listener) {
        return new TalkJsImport(source, target, appId, newAppSecret, listener, keptListed, concurrency);
    }

    /**
     * How many of the listed conversations to keep in memory, as the source sent them, from the
     * listing that gives the progress its totals until they are written (default
     * {@value #KEPT_LISTED}): the import writes those without asking the source again, and lists
     * the conversations past them again as it comes to them, one more request per
     * {@value TalkJsSource#PAGE} conversations.
     *
     * @param conversations how many to keep, 0 or more
     * @return an import that keeps that many
     */
    public TalkJsImport keepingListed(int conversations) {
        if (conversations < 0) {
            throw new IllegalArgumentException("Cannot keep " + conversations + " conversations");
        }
        return new TalkJsImport(source, target, appId, newAppSecret, listener, conversations, concurrency);
    }

    /**
     * How many conversations to read and write at once (default {@value #CONCURRENT_CONVERSATIONS}),
     * each on a thread of its own: a conversation's writes wait on the target's round trips, so a
     * few at once keep it busier. The progress still counts the conversations in the listing's
     * order, on the importing thread, and a conversation is still written as a whole before it is
     * counted; memory holds the messages of that many conversations.
     *
     * @param conversations how many at once, 1 or more (1: one after the other, on the importing thread)
     * @return an import that writes that many at once
     */
    public TalkJsImport concurrently(int conversations) {
        if (conversations < 1) {
            throw new IllegalArgumentException("Cannot write " + conversations + " conversations at once");
        }
        return new TalkJsImport(source, target, appId, newAppSecret, listener, keptListed, conversations);
    }

    /**
     * Imports.
     *
     * @return what was read from the source and what of it was written
     * @throws IllegalStateException when the target lacks the app and no key was given, or the
     *                               source fails (after its retries) or sends an item the target
     *                               refuses, named with the reason; run it again to continue
     */
    public CopyProgress run() {
        verifying = false;
        return walk();
    }

    /**
     * Re-reads the source and compares the target with it as the import does, writing nothing:
     * every item an import would write is a difference ({@code missing in the target}, or
     * {@code differs}), and so is a message the target holds under the source message's key with
     * another type, sender, text, custom data or time. Items only the target holds are not looked for.
     * It counts, per kind, the items it re-read from the source and those of them the target holds,
     * and digests each side's items as the comparison sees them (without what an import cannot
     * keep: {@code createdAt}, join times, message ids), in the source's order; two sides without
     * a difference have the same counts and digest.
     *
     * @return the counts and digests of the app on either side, and every difference, in the
     * source's order (only the app when the target lacks it)
     * @throws IllegalStateException when the source fails or sends an item Roster cannot read
     */
    public Verification verify() {
        verifying = true;
        try {
            walk();
            return new Verification(Map.of(appId, sourceTally.counts()), Map.of(appId, targetTally.counts()),
                    Map.of(appId, sourceTally.digest()), Map.of(appId, targetTally.digest()), differences);
        } finally {
            verifying = false;
        }
    }

    private CopyProgress walk() {
        progress = CopyProgress.START;
        toDeactivate.clear();
        differences.clear();
        sourceTally = new Tally();
        targetTally = new Tally();
        boolean created = target.findApp(appId).isEmpty();
        sourceTally.saw("app", appId);
        if (!created) {
            targetTally.saw("app", appId);
        }
        if (created && verifying) {
            differences.add(new Difference(appId, "app", appId, "missing in the target"));
            return progress;
        }
        if (created) {
            if (newAppSecret == null) {
                throw new IllegalStateException("The target has no app " + appId
                        + " and the import was given no secret key to create it with");
            }
            target.saveApp(new App(appId, newAppSecret, AppSettings.defaults()));
        }
        report(new CopyCounts(1, 0, 0, 0), new CopyCounts(created ? 1 : 0, 0, 0, 0));
        for (List<Map<String, Object>> page : pages(source::users)) {
            importUsers(page);
        }
        for (List<Map<String, Object>> page : pages(source::deactivatedUsers)) {
            importUsers(page);
        }
        InOrder.each(listConversations(), concurrency, "roster-import-" + appId, this::importConversation,
                outcome -> {
                    differences.addAll(outcome.check().differences());
                    sourceTally.add(outcome.check().source());
                    targetTally.add(outcome.check().target());
                    report(outcome.read(), outcome.written());
                });
        // Last: a deactivated user can neither join a conversation nor send.
        for (String userId : verifying ? List.<String>of() : toDeactivate) {
            target.deactivateUser(appId, userId);
        }
        return progress;
    }

    /**
     * Counts what the source holds, writing nothing (a dry run): it reads every listing the import
     * reads, messages included, and reports progress as the import does.
     *
     * @return the source's items per kind, with one app
     * @throws IllegalStateException when the source fails
     */
    public CopyCounts count() {
        progress = CopyProgress.START;
        report(new CopyCounts(1, 0, 0, 0), CopyCounts.NONE);
        for (List<Map<String, Object>> page : pages(source::users)) {
            report(new CopyCounts(0, page.size(), 0, 0), CopyCounts.NONE);
        }
        for (List<Map<String, Object>> page : pages(source::deactivatedUsers)) {
            report(new CopyCounts(0, page.size(), 0, 0), CopyCounts.NONE);
        }
        InOrder.each(listConversations(), concurrency, "roster-count-" + appId, conversation -> {
            long messages = 0;
            for (List<Map<String, Object>> messagePage : pages(after -> source.messages(id(conversation), after))) {
                messages += messagePage.size();
            }
            return messages;
        }, messages -> report(new CopyCounts(0, 0, 1, messages), CopyCounts.NONE));
        return progress.read();
    }

    private void importUsers(List<Map<String, Object>> page) {
        Map<String, UserPatch> writes = new LinkedHashMap<>();
        List<String> reactivate = new ArrayList<>();
        Set<String> lifecycle = new HashSet<>();
        for (Map<String, Object> json : page) {
            String id = id(json);
            UserPatch patch = refusedAs("user " + id, () -> UserPatch.fromJson(only(json, USER_FIELDS), id, true));
            Optional<User> existing = target.findUser(appId, id);
            if (existing.isEmpty() || !existing.get().apply(patch).equals(existing.get())) {
                writes.put(id, patch);
            }
            if (json.get("deactivated") instanceof Boolean deactivated
                    && existing.map(User::deactivated).orElse(false) != deactivated) {
                (deactivated ? toDeactivate : reactivate).add(id);
                lifecycle.add(id);
            }
            if (writes.containsKey(id) || lifecycle.contains(id)) {
                differ(differences, "user", id, existing.isEmpty());
            }
            if (verifying) {
                boolean deactivated = json.get("deactivated") instanceof Boolean value ? value
                        : existing.map(User::deactivated).orElse(false);
                sourceTally.saw("user", existing.isPresent() ? compared(existing.get().apply(patch), deactivated)
                        : Arrays.asList(id, only(json, USER_FIELDS), deactivated));
                existing.ifPresent(user -> targetTally.saw("user", compared(user, user.deactivated())));
            }
        }
        if (verifying) {
            report(new CopyCounts(0, page.size(), 0, 0), CopyCounts.NONE);
            return;
        }
        if (!writes.isEmpty()) {
            refusedAs("users " + writes.keySet(), () -> {
                target.upsertUsers(appId, writes);
                return null;
            });
        }
        reactivate.forEach(id -> target.reactivateUser(appId, id));
        long written = writes.size() + lifecycle.stream().filter(id -> !writes.containsKey(id)).count();
        report(new CopyCounts(0, page.size(), 0, 0), new CopyCounts(0, written, 0, 0));
    }

    /** What one conversation's import read and wrote, and what its verification found. */
    private record Outcome(CopyCounts read, CopyCounts written, Check check) {
    }

    /** One conversation's verification: its differences, and its items as either side holds them. */
    private record Check(List<Difference> differences, Tally source, Tally target) {
        Check() {
            this(new ArrayList<>(), new Tally(), new Tally());
        }
    }

    /**
     * The conversation's fields, then its participants, then the messages the target lacks (oldest
     * first), then the read markers, each written only where the target differs. Runs on one of
     * the import's threads: it changes no field of the import.
     */
    private Outcome importConversation(Map<String, Object> json) {
        String id = id(json);
        Check check = new Check();
        String what = "conversation " + id;
        Conversations conversations = target.conversations();
        ConversationPatch patch = refusedAs(what, () -> ConversationPatch.fromJson(only(json, CONVERSATION_FIELDS), id));
        Optional<ConversationView> existing = conversations.find(appId, id);
        boolean written = false;
        if (existing.isEmpty() || !existing.get().conversation().apply(patch).equals(existing.get().conversation())) {
            if (!verifying) {
                refusedAs(what, () -> conversations.upsert(appId, id, patch));
            }
            written = true;
        }
        Map<String, Map<?, ?>> participants = participants(json, what);
        Map<String, InboxEntry> there = existing.map(ConversationView::participants).orElse(Map.of());
        Map<String, List<Object>> wanted = new LinkedHashMap<>();
        for (Map.Entry<String, Map<?, ?>> participant : participants.entrySet()) {
            String userId = participant.getKey();
            Access access = participant.getValue().get("access") instanceof String s ? Access.fromWire(s) : null;
            Notify notify = Notify.fromWire(participant.getValue().get("notify"));
            Access wantedAccess = access == null ? Access.READ_WRITE : access;
            Notify wantedNotify = notify == null ? Notify.ALL : notify;
            InboxEntry entry = there.get(userId);
            wanted.put(userId, new ArrayList<>(List.of(wantedAccess, wantedNotify)));
            if (entry == null || entry.access() != wantedAccess || entry.notification() != wantedNotify) {
                if (!verifying) {
                    refusedAs(what + " participant " + userId,
                            () -> conversations.putParticipant(appId, id, userId, wantedAccess, wantedNotify));
                }
                written = true;
            }
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (List<Map<String, Object>> page : pages(after -> source.messages(id, after))) {
            messages.addAll(page);
        }
        Collections.reverse(messages);
        long messagesWritten = existing.isEmpty() && verifying ? messages.size()
                : importMessages(id, what, messages, check);
        Map<String, InboxEntry> now = !verifying && (messagesWritten > 0 || written)
                ? conversations.find(appId, id).map(ConversationView::participants).orElse(Map.of()) : there;
        for (Map.Entry<String, Map<?, ?>> participant : participants.entrySet()) {
            String userId = participant.getKey();
            Long readUntil = readUntil(userId, participant.getValue(), messages);
            InboxEntry entry = now.get(userId);
            wanted.get(userId).add(readUntil != null ? readUntil : entry == null ? null : entry.readUntil());
            if (readUntil != null && (entry == null || entry.readUntil() != readUntil)) {
                if (!verifying) {
                    refusedAs(what + " participant " + userId, () -> conversations.patchParticipant(appId, id, userId,
                            ParticipationPatch.none().withReadUntil(readUntil)));
                }
                written = true;
            }
        }
        CopyCounts read = new CopyCounts(0, 0, 1, messages.size());
        if (verifying) {
            if (written || existing.isEmpty()) {
                differ(check.differences(), "conversation", id, existing.isEmpty());
            }
            if (existing.isEmpty()) {
                for (Map<String, Object> message : messages) {
                    differ(check.differences(), "message", id + "/" + id(message), true);
                    check.source().saw("message", compared(newMessage(message, Map.of(), what)));
                }
                check.source().saw("conversation", Arrays.asList(id, only(json, CONVERSATION_FIELDS), wanted));
            } else {
                Map<String, List<Object>> held = new LinkedHashMap<>();
                wanted.keySet().forEach(userId -> held.put(userId, there.get(userId) == null ? null
                        : List.of(there.get(userId).access(), there.get(userId).notification(),
                        there.get(userId).readUntil())));
                Conversation conversation = existing.get().conversation();
                check.source().saw("conversation", Arrays.asList(compared(conversation.apply(patch)), wanted));
                check.target().saw("conversation", Arrays.asList(compared(conversation), held));
            }
            return new Outcome(read, CopyCounts.NONE, check);
        }
        return new Outcome(read, new CopyCounts(0, 0, written || messagesWritten > 0 ? 1 : 0, messagesWritten),
                check);
    }

    /**
     * Imports the messages the target lacks, oldest first; a batch ends before a message that
     * replies to one of the same batch, so that every reference can be mapped to a target id. A
     * sender who is no longer a participant (who left in the source) joins for the import and
     * leaves again, as in the source.
     *
     * @param check where a verification adds the messages that differ, and each side's messages
     * @return how many were imported
     */
    private long importMessages(String conversationId, String what, List<Map<String, Object>> messages,
                                Check check) {
        Conversations conversations = target.conversations();
        Map<String, String> targetIds = new HashMap<>();
        Map<String, Message> byKey = new HashMap<>();
        Set<String> participants = conversations.find(appId, conversationId)
                .map(view -> view.participants().keySet()).orElse(Set.of());
        for (List<Message> page = messages.isEmpty() ? List.<Message>of()
                : conversations.messages(appId, conversationId, null, TalkJsSource.PAGE); !page.isEmpty();
             page = page.size() < TalkJsSource.PAGE ? List.of()
                     : conversations.messages(appId, conversationId, page.get(page.size() - 1).id(), TalkJsSource.PAGE)) {
            for (Message message : page) {
                String key = message.idempotencyKey();
                if (key != null && key.startsWith(KEY_PREFIX)) {
                    targetIds.put(key.substring(KEY_PREFIX.length()), message.id());
                    byKey.put(key.substring(KEY_PREFIX.length()), message);
                }
            }
        }
        List<Map<String, Object>> missing = messages.stream().filter(m -> !targetIds.containsKey(id(m))).toList();
        if (verifying) {
            for (Map<String, Object> message : messages) {
                Message there = byKey.get(id(message));
                NewMessage imported = newMessage(message, targetIds, what);
                if (there == null || !sameAs(there, imported)) {
                    differ(check.differences(), "message", conversationId + "/" + id(message), there == null);
                }
                check.source().saw("message", compared(imported));
                if (there != null) {
                    check.target().saw("message", compared(there));
                }
            }
            return missing.size();
        }
        Set<String> departed = new TreeSet<>();
        for (Map<String, Object> message : missing) {
            if (MessageType.fromWire(message.get("type")) == MessageType.USER_MESSAGE
                    && message.get("senderId") instanceof String sender && !participants.contains(sender)) {
                departed.add(sender);
            }
        }
        for (String sender : departed) {
            refusedAs(what + " former participant " + sender,
                    () -> conversations.putParticipant(appId, conversationId, sender, Access.READ_WRITE, Notify.ALL));
        }
        long written = 0;
        List<Map<String, Object>> batch = new ArrayList<>();
        for (Map<String, Object> message : missing) {
            Object reference = message.get("referencedMessageId");
            boolean refersToBatch = reference != null && batch.stream().anyMatch(m -> id(m).equals(reference));
            if (batch.size() == Conversations.MAX_MESSAGES || refersToBatch) {
                written += importBatch(conversationId, what, batch, targetIds);
            }
            batch.add(message);
        }
        written += importBatch(conversationId, what, batch, targetIds);
        for (String sender : departed) {
            conversations.leave(appId, conversationId, sender);
        }
        return written;
    }

    private long importBatch(String conversationId, String what, List<Map<String, Object>> batch,
                             Map<String, String> targetIds) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<NewMessage> messages = batch.stream().map(json -> newMessage(json, targetIds, what)).toList();
        List<String> ids = refusedAs(what + " messages from " + id(batch.get(0)),
                () -> target.conversations().importMessages(appId, conversationId, messages));
        for (int i = 0; i < ids.size(); i++) {
            targetIds.put(id(batch.get(i)), ids.get(i));
        }
        int size = batch.size();
        batch.clear();
        return size;
    }

    private static NewMessage newMessage(Map<String, Object> json, Map<String, String> targetIds, String what) {
        String id = id(json);
        MessageType type = MessageType.fromWire(json.get("type"));
        if (type == null || !(json.get("createdAt") instanceof Number createdAt)) {
            throw new IllegalStateException("The source's " + what + " message " + id
                    + " has no type UserMessage or SystemMessage, or no createdAt");
        }
        Object reference = json.get("referencedMessageId");
        String sender = type == MessageType.USER_MESSAGE ? text(json.get("senderId")) : null;
        return new NewMessage(type, sender, Objects.requireNonNullElse(text(json.get("text")), ""), custom(json.get("custom")),
                reference == null ? null : targetIds.get(reference.toString()), KEY_PREFIX + id,
                createdAt.longValue());
    }

    /** Whether the target's message is the imported one: type, sender, text, custom data, time and reply. */
    private static boolean sameAs(Message there, NewMessage imported) {
        return there.type() == imported.type() && Objects.equals(there.senderId(), imported.senderId())
                && there.text().equals(imported.text()) && there.custom().equals(imported.custom())
                && there.createdAt() == imported.timestamp()
                && Objects.equals(there.referencedMessageId(), imported.referencedMessageId());
    }

    /** A user as a verification compares it: every field the import writes, and whether it is deactivated. */
    private static List<Object> compared(User user, boolean deactivated) {
        return Arrays.asList(user.id(), user.name(), user.email(), user.phone(), user.photoUrl(), user.welcomeMessage(),
                user.role(), user.locale(), user.custom(), user.pushTokens(), user.availabilityText(), deactivated);
    }

    /** A conversation's fields as a verification compares them: all but its {@code createdAt}. */
    private static List<Object> compared(Conversation conversation) {
        return Arrays.asList(conversation.id(), conversation.subject(), conversation.photoUrl(),
                conversation.welcomeMessages(), conversation.custom(), conversation.topicId());
    }

    /** A message as a verification compares it: what {@link #sameAs} compares, by its key. */
    private static List<Object> compared(NewMessage message) {
        return Arrays.asList(message.idempotencyKey(), message.type(), message.senderId(), message.text(),
                message.custom(), message.timestamp(), message.referencedMessageId());
    }

    private static List<Object> compared(Message message) {
        return Arrays.asList(message.idempotencyKey(), message.type(), message.senderId(), message.text(),
                message.custom(), message.createdAt(), message.referencedMessageId());
    }

    private void differ(List<Difference> into, String kind, String id, boolean missing) {
        if (verifying) {
            into.add(new Difference(appId, kind, id, missing ? "missing in the target" : "differs"));
        }
    }

    /** The custom data of a message: its string values, by key. */
    private static TreeMap<String, String> custom(Object custom) {
        TreeMap<String, String> values = new TreeMap<>();
        if (custom instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value != null) {
                    values.put(key.toString(), value.toString());
                }
            });
        }
        return values;
    }

    private static Long readUntil(String userId, Map<?, ?> participant, List<Map<String, Object>> messages) {
        if (participant.get("readUntil") instanceof Number readUntil) {
            return readUntil.longValue();
        }
        Long newest = null;
        for (Map<String, Object> message : messages) {
            if (message.get("readBy") instanceof List<?> readBy && readBy.contains(userId)
                    && message.get("createdAt") instanceof Number createdAt) {
                newest = Math.max(newest == null ? Long.MIN_VALUE : newest, createdAt.longValue());
            }
        }
        return newest;
    }

    private static Map<String, Map<?, ?>> participants(Map<String, Object> json, String what) {
        Object value = json.get("participants");
        Map<String, Map<?, ?>> participants = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((userId, participant) -> participants.put(userId.toString(),
                    participant instanceof Map<?, ?> fields ? fields : Map.of()));
        } else if (value instanceof List<?> list) {
            list.forEach(userId -> participants.put(userId.toString(), Map.of()));
        } else if (value != null) {
            throw new IllegalStateException("The source's " + what + " has participants that are neither an object"
                    + " nor an array");
        }
        return participants;
    }

    private static Map<String, Object> only(Map<String, Object> json, Set<String> fields) {
        Map<String, Object> kept = new LinkedHashMap<>();
        json.forEach((field, value) -> {
            if (fields.contains(field)) {
                kept.put(field, value);
            }
        });
        return kept;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Every page of a listing, each after the last item of the previous one, until a short page. */
    private static Iterable<List<Map<String, Object>>> pages(Function<String, List<Map<String, Object>>> list) {
        return SourceListing.pages(list, null);
    }

    /**
     * Lists the source's conversations to the end, reporting after every page, so that from here
     * on the progress has totals; the first {@link #keepingListed} of them are kept for the walk.
     */
    private SourceListing listConversations() {
        SourceListing listing = SourceListing.count(source::conversations, keptListed, listed -> {
            progress = progress.listing(listed);
            listener.accept(progress);
        });
        conversationsFrom = System.nanoTime();
        progress = progress.pacedBy(listing.size(), Duration.ZERO);
        listener.accept(progress);
        return listing;
    }

    private interface Write<T> {
        T run();
    }

    /** Runs a write, turning the target's refusal into a failure that names the item. */
    private static <T> T refusedAs(String what, Write<T> write) {
        try {
            return write.run();
        } catch (RosterException e) {
            throw new IllegalStateException("The target refused " + what + " of the source: " + e.getMessage(), e);
        }
    }

    private void report(CopyCounts read, CopyCounts written) {
        progress = progress.add(read, written);
        if (progress.basis() instanceof CopyProgress.Basis.Conversations conversations && conversations.complete()) {
            Duration took = Duration.ofNanos(System.nanoTime() - conversationsFrom);
            progress = progress.pacedBy(conversations.listed(), took);
        }
        listener.accept(progress);
    }

}
