package dev.roster.http.internal;

import dev.roster.core.api.ConversationRef;
import dev.roster.core.api.ParticipantRef;
import dev.roster.core.api.Roster;
import dev.roster.core.api.Session;
import dev.roster.core.api.UserOnlineSubscription;
import dev.roster.core.api.UserRef;
import dev.roster.core.api.UserSubscription;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationParams;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.JsonType;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.UserOnlineSnapshot;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;
import dev.roster.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The browser-facing API (SPEC §3, §4): the Data API of the signed-in user {@code {me}} over HTTP
 * and server-sent events. Every route needs {@code {me}}'s identity verified. Nothing here ever
 * answers a private field (email, phone, push tokens). Client sync settings are enforced by core.
 */
public final class ClientEndpoints {

    /** The prefix of every browser route. */
    public static final String PREFIX = "/v1/{appId}/client/{me}";

    private static final String USER = PREFIX + "/users/{userId}";
    private static final String CONVERSATION = PREFIX + "/conversations/{conversationId}";

    private final Roster roster;
    private final Streams streams;
    private final Map<Object, ClientStream.Event> events = new WeakHashMap<>();

    /** Endpoints over {@code roster}, streaming through {@code streams}. */
    public ClientEndpoints(Roster roster, Streams streams) {
        this.roster = roster;
        this.streams = streams;
    }

    /** Adds the routes to {@code router}. */
    public void register(Router router) {
        router.addUser("GET", USER, this::get)
                .addUser("POST", PREFIX + "/users/batchGet", this::batchGet)
                .addUser("PUT", USER, this::set)
                .addUser("POST", USER + "/createIfNotExists", this::createIfNotExists)
                .addUser("GET", USER + "/events", call -> subscribe(call, false))
                .addUser("GET", USER + "/onlineEvents", call -> subscribe(call, true))
                .addUser("GET", PREFIX + "/conversations", this::conversations)
                .addUser("GET", PREFIX + "/conversations/events", this::conversationEvents)
                .addUser("GET", CONVERSATION, this::getConversation)
                .addUser("PUT", CONVERSATION, call -> setConversation(call, false))
                .addUser("POST", CONVERSATION + "/createIfNotExists", call -> setConversation(call, true))
                .addUser("PUT", CONVERSATION + "/participants/{userId}", this::setParticipant)
                .addUser("PATCH", CONVERSATION + "/participants/{userId}", this::editParticipant)
                .addUser("DELETE", CONVERSATION + "/participants/{userId}", this::removeParticipant)
                .addUser("POST", PREFIX + "/ping", this::ping);
    }

    private Session session(Call call) {
        return roster.session(call.appId(), call.path("me"));
    }

    private Object get(Call call) {
        call.noQuery();
        return ClientJson.of(await(session(call).user(call.path("userId")).get()));
    }

    private Object batchGet(Call call) {
        call.noQuery();
        Map<String, Object> body = call.objectBody();
        for (String key : body.keySet()) {
            if (!key.equals("ids")) {
                throw ApiError.invalid(key, "Unknown property; expected only ids.");
            }
        }
        Object ids = body.get("ids");
        if (!(ids instanceof List<?> list)) {
            throw ApiError.invalid("ids", JsonType.mismatch("an array of user ids", ids));
        }
        if (list.size() > Roster.MAX_LIMIT) {
            throw ApiError.invalid("ids", "At most " + Roster.MAX_LIMIT + " user ids; got " + list.size() + ".");
        }
        Session session = session(call);
        Map<String, CompletableFuture<UserSnapshot>> pending = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String id)) {
                throw ApiError.invalid("ids[" + i + "]", JsonType.mismatch("a string", list.get(i)));
            }
            try {
                pending.computeIfAbsent(id, key -> session.user(key).get());
            } catch (RosterException e) {
                throw ApiError.invalid("ids[" + i + "]", e.getMessage());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        pending.forEach((id, snapshot) -> data.put(id, ClientJson.of(await(snapshot))));
        return Map.of("data", data);
    }

    private Object set(Call call) {
        call.noQuery();
        String userId = call.path("userId");
        UserRef ref = session(call).user(userId);
        await(ref.set(UserPatch.fromJson(call.objectBody(), userId, false)));
        return Map.of();
    }

    private Object createIfNotExists(Call call) {
        call.noQuery();
        String userId = call.path("userId");
        UserRef ref = session(call).user(userId);
        await(ref.createIfNotExists(UserPatch.fromJson(call.objectBody(), userId, false)));
        return Map.of();
    }

    private Object subscribe(Call call, boolean online) {
        call.noQuery();
        UserRef ref = session(call).user(call.path("userId"));
        return HttpResponse.eventStream(new ClientStream(streams, roster, call.appId(), call.path("me"),
                streams.signIn(call), call.header("Last-Event-ID"), (publish, fail) -> {
                    if (online) {
                        UserOnlineSubscription subscription = ref.subscribeOnline(s -> publish.accept(encoded(s)));
                        subscription.terminated().thenRun(fail);
                        return subscription::unsubscribe;
                    }
                    UserSubscription subscription = ref.subscribe(s -> publish.accept(encoded(s)));
                    subscription.terminated().thenRun(fail);
                    return subscription::unsubscribe;
                }));
    }

    /**
     * The event of a snapshot, encoded once for every stream that sends it: snapshots are shared
     * instances, so 10k streams of one user cost one JSON encoding and one digest per change.
     */
    private ClientStream.Event encoded(Object snapshot) {
        synchronized (events) {
            return events.computeIfAbsent(snapshot, s -> ClientStream.Event.of(s instanceof UserOnlineSnapshot online
                    ? ClientJson.of(online) : ClientJson.of((UserSnapshot) s)));
        }
    }

    private ConversationRef conversation(Call call) {
        return session(call).conversation(call.path("conversationId"));
    }

    private Object getConversation(Call call) {
        call.noQuery();
        UserConversation seen = await(conversation(call).get());
        return seen == null ? null : ConversationJson.of(seen);
    }

    private Object setConversation(Call call, boolean createOnly) {
        call.noQuery();
        ConversationRef ref = conversation(call);
        Map<String, Object> body = call.optionalObjectBody();
        ConversationParams params = body == null ? ConversationParams.none() : ConversationParams.fromJson(body, ref.id());
        await(createOnly ? ref.createIfNotExists(params) : ref.set(params));
        return Map.of();
    }

    private Object setParticipant(Call call) {
        call.noQuery();
        ParticipantRef ref = conversation(call).participant(call.path("userId"));
        Map<String, Object> body = call.optionalObjectBody();
        ParticipationPatch patch = body == null ? ParticipationPatch.none() : ParticipationPatch.fromJson(body, false);
        Access access = patch.access() instanceof FieldPatch.SetTo<Access> a ? a.value() : null;
        Notify notify = patch.notification() instanceof FieldPatch.SetTo<Notify> n ? n.value() : null;
        await(ref.set(access, notify));
        return Map.of();
    }

    private Object editParticipant(Call call) {
        call.noQuery();
        ParticipantRef ref = conversation(call).participant(call.path("userId"));
        await(ref.edit(ParticipationPatch.fromJson(call.objectBody(), false)));
        return Map.of();
    }

    private Object removeParticipant(Call call) {
        call.noQuery();
        await(conversation(call).participant(call.path("userId")).delete());
        return Map.of();
    }

    /**
     * Renews the signed-in user's presence for the presence window without an open stream. Every
     * ping of a user renews one presence session whose id is derived from the user id, so pings
     * from any process or tab never pile up sessions.
     */
    private Object ping(Call call) {
        call.noQuery();
        String me = session(call).userId();
        roster.presence().touch(call.appId(), me, pingSession(me));
        return Map.of();
    }

    private static String pingSession(String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return "ping_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Object conversations(Call call) {
        ConversationQuery query = ConversationEndpoints.listing(call, call.path("me"));
        return listing(call.appId(), query, null);
    }

    private Map<String, Object> listing(String appId, ConversationQuery query, Set<String> ids) {
        List<Object> data = roster.conversations().list(appId, query).stream()
                .map(entry -> {
                    if (ids != null) {
                        ids.add(entry.view().conversation().id());
                    }
                    return (Object) ConversationJson.of(entry);
                })
                .toList();
        return Map.of("data", data);
    }

    private Object conversationEvents(Call call) {
        String me = call.path("me");
        String appId = call.appId();
        ConversationQuery query = ConversationEndpoints.listing(call, me);
        roster.session(appId, me);
        return HttpResponse.eventStream(new ClientStream(streams, roster, appId, me, streams.signIn(call),
                call.header("Last-Event-ID"), (publish, fail) -> {
                    Set<String> shown = new HashSet<>();
                    Streams.ConversationWatcher watcher = new Streams.ConversationWatcher() {
                        @Override
                        public synchronized boolean concerns(String conversationId,
                                                             Optional<ConversationView> view) {
                            return shown.contains(conversationId)
                                    || view.map(v -> v.participants().containsKey(me)).orElse(false);
                        }

                        @Override
                        public synchronized void refresh() {
                            Set<String> ids = new LinkedHashSet<>();
                            publish.accept(ClientStream.Event.of(listing(appId, query, ids)));
                            shown.clear();
                            shown.addAll(ids);
                        }
                    };
                    Runnable stop = streams.watch(appId, watcher);
                    watcher.refresh();
                    return stop;
                }));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.internal();
        }
    }
}
