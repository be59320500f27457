package dev.roster.http.internal;

import dev.roster.core.api.Conversations;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.JsonType;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessagePatch;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.Violations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conversation endpoints of SPEC §5: conversations, participants, messages, import, read
 * markers, and a user's conversation listing.
 */
public final class ConversationEndpoints {

    /** The query parameters of {@code GET /users/{userId}/conversations}. */
    public static final Set<String> LISTING_PARAMETERS = Set.of("limit", "orderBy", "orderDirection", "sortBy",
            "startingAfter", "offsetTs", "lastMessageBefore", "lastMessageAfter", "unreadsOnly", "filter");

    private static final String CONVERSATION = "/v1/{appId}/conversations/{conversationId}";

    private final Conversations conversations;

    /** Endpoints over {@code roster}. */
    public ConversationEndpoints(Roster roster) {
        this.conversations = roster.conversations();
    }

    /** Adds the routes to {@code router}. */
    public void register(Router router) {
        router.add("PUT", CONVERSATION, this::put)
                .add("GET", CONVERSATION, this::get)
                .add("DELETE", CONVERSATION, this::delete)
                .add("GET", "/v1/{appId}/conversations", this::listAll)
                .add("PUT", CONVERSATION + "/participants/{userId}", this::join)
                .add("PATCH", CONVERSATION + "/participants/{userId}", this::patchParticipant)
                .add("DELETE", CONVERSATION + "/participants/{userId}", this::leave)
                .add("POST", CONVERSATION + "/messages", call -> send(call, false))
                .add("GET", CONVERSATION + "/messages", this::messages)
                .add("GET", CONVERSATION + "/messages/{messageId}", this::message)
                .add("PUT", CONVERSATION + "/messages/{messageId}", this::editMessage)
                .add("DELETE", CONVERSATION + "/messages/{messageId}", this::deleteMessage)
                .add("POST", "/v1/{appId}/import/conversations/{conversationId}/messages", call -> send(call, true))
                .add("POST", CONVERSATION + "/readBy/{userId}", this::markRead)
                .add("GET", "/v1/{appId}/users/{userId}/conversations", this::listForUser);
    }

    private Object put(Call call) {
        call.noQuery();
        String id = call.path("conversationId");
        conversations.upsert(call.appId(), id, ConversationPatch.fromJson(call.objectBody(), id));
        return Map.of();
    }

    private Object get(Call call) {
        call.noQuery();
        return ConversationJson.of(view(call));
    }

    private Object delete(Call call) {
        call.noQuery();
        conversations.delete(call.appId(), call.path("conversationId"));
        return Map.of();
    }

    private Object listAll(Call call) {
        QueryParameters query = call.query(Set.of("limit", "startingAfter"));
        List<Object> data = conversations.listAll(call.appId(), query.text("startingAfter"), limit(query)).stream()
                .map(view -> (Object) ConversationJson.of(view)).toList();
        return Map.of("data", data);
    }

    private Object join(Call call) {
        call.noQuery();
        Map<String, Object> body = call.optionalObjectBody();
        ParticipationPatch patch = body == null ? ParticipationPatch.none() : ParticipationPatch.fromJson(body, false);
        Access access = patch.access() instanceof FieldPatch.SetTo<Access> a ? a.value() : null;
        Notify notify = patch.notification() instanceof FieldPatch.SetTo<Notify> n ? n.value() : null;
        conversations.putParticipant(call.appId(), call.path("conversationId"), call.path("userId"), access, notify);
        return Map.of();
    }

    private Object patchParticipant(Call call) {
        call.noQuery();
        ParticipationPatch patch = ParticipationPatch.fromJson(call.objectBody(), true);
        conversations.patchParticipant(call.appId(), call.path("conversationId"), call.path("userId"), patch);
        return Map.of();
    }

    private Object leave(Call call) {
        call.noQuery();
        conversations.leave(call.appId(), call.path("conversationId"), call.path("userId"));
        return Map.of();
    }

    private Object send(Call call, boolean imported) {
        call.noQuery();
        List<Object> items = call.arrayBody();
        if (items.isEmpty() || items.size() > Conversations.MAX_MESSAGES) {
            throw ApiError.invalid("body", "Expected 1 to " + Conversations.MAX_MESSAGES + " messages; got "
                    + items.size() + ". Nothing was written.");
        }
        List<NewMessage> messages = new ArrayList<>();
        Violations.Builder problems = new Violations.Builder();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String path = "[" + i + "].";
            if (!(item instanceof Map<?, ?>)) {
                problems.add("[" + i + "]", JsonType.mismatch("an object", item));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) item;
            try {
                messages.add(NewMessage.fromJson(json, imported, path));
            } catch (RosterException e) {
                problems.addAll("", e.violations());
            }
        }
        Violations invalid = problems.build();
        if (!invalid.isEmpty()) {
            throw ApiError.invalid("The messages are invalid; nothing was written: " + invalid, invalid);
        }
        String id = call.path("conversationId");
        List<String> ids = imported ? conversations.importMessages(call.appId(), id, messages)
                : conversations.send(call.appId(), id, messages);
        return ids.stream().map(messageId -> (Object) Map.of("id", messageId)).toList();
    }

    private Object messages(Call call) {
        QueryParameters query = call.query(Set.of("limit", "startingAfter"));
        int limit = limit(query);
        ConversationView view = view(call);
        List<Object> data = conversations.messages(call.appId(), call.path("conversationId"),
                        query.text("startingAfter"), limit).stream()
                .map(m -> (Object) ConversationJson.message(m, view)).toList();
        return Map.of("data", data);
    }

    private Object message(Call call) {
        call.noQuery();
        ConversationView view = view(call);
        return ConversationJson.message(requireMessage(call), view);
    }

    private Object editMessage(Call call) {
        call.noQuery();
        conversations.editMessage(call.appId(), call.path("conversationId"), call.path("messageId"),
                MessagePatch.fromJson(call.objectBody()));
        return Map.of();
    }

    private Object deleteMessage(Call call) {
        call.noQuery();
        conversations.deleteMessage(call.appId(), call.path("conversationId"), call.path("messageId"));
        return Map.of();
    }

    private Object markRead(Call call) {
        call.noQuery();
        conversations.markRead(call.appId(), call.path("conversationId"), call.path("userId"));
        return Map.of();
    }

    private Object listForUser(Call call) {
        ConversationQuery listing = listing(call, call.path("userId"));
        List<Object> data = conversations.list(call.appId(), listing).stream()
                .map(entry -> (Object) ConversationJson.of(entry)).toList();
        return Map.of("data", data);
    }

    /**
     * The listing query of {@code userId} from the call's query parameters ({@link #LISTING_PARAMETERS}).
     *
     * @throws dev.roster.core.domain.RosterException {@code INVALID_ARGUMENT} naming each bad parameter
     */
    static ConversationQuery listing(Call call, String userId) {
        QueryParameters parameters = call.query(LISTING_PARAMETERS);
        Object filter = parameters.has("filter") ? Json.parseParameter("filter", parameters.text("filter")) : null;
        return ConversationQuery.fromParameters(userId, parameters, filter, call.version());
    }

    /** The page size of a page of conversations or messages: {@code limit}, 1 to 100, by default 10. */
    private static int limit(QueryParameters query) {
        Violations.Builder problems = new Violations.Builder();
        Integer limit = query.limit("limit", ConversationQuery.DEFAULT_LIMIT, ConversationQuery.MAX_LIMIT, problems);
        QueryParameters.requireValid(problems);
        return limit;
    }

    private ConversationView view(Call call) {
        String id = call.path("conversationId");
        return conversations.find(call.appId(), id)
                .orElseThrow(() -> ApiError.notFound("There is no conversation with id " + id + "."));
    }

    private Message requireMessage(Call call) {
        String id = call.path("messageId");
        return conversations.message(call.appId(), call.path("conversationId"), id)
                .orElseThrow(() -> ApiError.notFound("There is no message " + id + " in conversation "
                        + call.path("conversationId") + "."));
    }
}
