package dev.roster.http.internal;

import dev.roster.core.api.ChangeFeed;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedData;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.FeedPage;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.Violations;
import dev.roster.http.HttpResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The change feed of SPEC §11 for trusted backends: {@code GET /v1/{appId}/changes} by pages, and
 * {@code GET /v1/{appId}/changes/events} as server-sent events resumed by {@code Last-Event-ID}.
 */
public final class ChangeEndpoints {

    private static final int DEFAULT_LIMIT = 100;

    private final Roster roster;
    private final Streams streams;

    /** Endpoints over {@code roster}, whose event streams {@code streams} keeps alive. */
    public ChangeEndpoints(Roster roster, Streams streams) {
        this.roster = roster;
        this.streams = streams;
    }

    /** Adds the routes to {@code router}. */
    public void register(Router router) {
        router.add("GET", "/v1/{appId}/changes", this::page)
                .add("GET", "/v1/{appId}/changes/events", this::events);
    }

    private Object page(Call call) {
        QueryParameters query = call.query(Set.of("after", "limit"));
        Violations.Builder problems = new Violations.Builder();
        Integer limit = query.limit("limit", DEFAULT_LIMIT, ChangeFeed.MAX_LIMIT, problems);
        QueryParameters.requireValid(problems);
        FeedPage page = roster.changes().read(call.appId(), cursor(query.text("after"), "after"), limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", page.events().stream().map(ChangeEndpoints::json).toList());
        json.put("next", page.next().toString());
        return json;
    }

    private Object events(Call call) {
        QueryParameters query = call.query(Set.of("after"));
        String lastEventId = call.header("Last-Event-ID");
        FeedCursor from = lastEventId != null ? cursor(lastEventId, "Last-Event-ID") : cursor(query.text("after"), "after");
        // Answers 410 or 404 before the stream opens, rather than as an event of an open stream.
        roster.changes().read(call.appId(), from, 1);
        return HttpResponse.eventStream(new FeedStream(streams, roster.changes(), call.appId(), from));
    }

    private static FeedCursor cursor(String text, String name) {
        return text == null ? FeedCursor.START : FeedCursor.parse(text, name);
    }

    /**
     * One event on the wire: {@code id}, {@code type}, {@code at}, the ids that apply, and
     * {@code data}; also the body of a webhook POST.
     */
    public static Map<String, Object> json(FeedEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id().toString());
        json.put("type", event.type().wire());
        json.put("at", event.at());
        if (event.userId() != null) {
            json.put("userId", event.userId());
        }
        if (event.conversationId() != null) {
            json.put("conversationId", event.conversationId());
        }
        json.put("data", data(event.data()));
        return json;
    }

    private static Map<String, Object> data(FeedData data) {
        if (data instanceof FeedData.UserState u) {
            return UserJson.of(u.user());
        }
        if (data instanceof FeedData.ConversationState c) {
            return ConversationJson.of(c.conversation());
        }
        if (data instanceof FeedData.ParticipantState p) {
            return participant(p.participant());
        }
        if (data instanceof FeedData.MessageState m) {
            return ConversationJson.message(m.message(), m.readBy());
        }
        return Map.of("id", ((FeedData.Removed) data).id());
    }

    private static Map<String, Object> participant(InboxEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userId", entry.userId());
        json.put("conversationId", entry.conversationId());
        json.put("access", entry.access().wire());
        json.put("notify", entry.notification().wire());
        json.put("joinedAt", entry.joinedAt());
        json.put("readUntil", entry.readUntil());
        json.put("isUnread", entry.isUnread());
        json.put("left", entry.left());
        return json;
    }

}
