package dev.roster.http.internal;

import dev.roster.core.api.Roster;
import dev.roster.core.api.Webhooks;
import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.JsonType;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.Violations;
import dev.roster.core.domain.Webhook;
import dev.roster.core.domain.WebhookSettings;
import dev.roster.http.HttpResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The webhooks of SPEC §11 for trusted backends: registration ({@code PUT}, {@code GET},
 * {@code DELETE /v1/{appId}/webhooks/{webhookId}} and the list), each webhook's delivery log, and
 * a manual retry of one delivery. A secret is shown only in the answer of the call that generated it.
 */
public final class WebhookEndpoints {

    private static final String WEBHOOK = "/v1/{appId}/webhooks/{webhookId}";

    private final Roster roster;

    /** Endpoints over {@code roster}. */
    public WebhookEndpoints(Roster roster) {
        this.roster = roster;
    }

    /** Adds the routes to {@code router}. */
    public void register(Router router) {
        router.add("GET", "/v1/{appId}/webhooks", this::list)
                .add("PUT", WEBHOOK, this::put)
                .add("GET", WEBHOOK, this::get)
                .add("DELETE", WEBHOOK, this::delete)
                .add("GET", WEBHOOK + "/deliveries", this::deliveries)
                .add("POST", WEBHOOK + "/deliveries/{eventId}/retry", this::retry);
    }

    private Object put(Call call) {
        call.noQuery();
        Webhooks.Registered registered = roster.webhooks().put(call.appId(), call.path("webhookId"),
                settings(call.objectBody()));
        Map<String, Object> json = json(registered.webhook());
        if (registered.secretGenerated()) {
            json.put("secret", registered.webhook().secret());
        }
        return HttpResponse.json(registered.created() ? 201 : 200, Json.write(json)).withHeader("Cache-Control",
                "no-store");
    }

    private Object list(Call call) {
        call.noQuery();
        return Map.of("data", roster.webhooks().list(call.appId()).stream().map(w -> (Object) json(w)).toList());
    }

    private Object get(Call call) {
        call.noQuery();
        String id = call.path("webhookId");
        return json(roster.webhooks().find(call.appId(), id).orElseThrow(() -> unknown(id)));
    }

    private Object delete(Call call) {
        call.noQuery();
        String id = call.path("webhookId");
        if (!roster.webhooks().delete(call.appId(), id)) {
            throw unknown(id);
        }
        return Map.of();
    }

    private Object deliveries(Call call) {
        QueryParameters query = call.query(Set.of("limit", "before"));
        Violations.Builder problems = new Violations.Builder();
        Integer limit = query.limit("limit", Webhooks.MAX_LIMIT, Webhooks.MAX_LIMIT, problems);
        QueryParameters.requireValid(problems);
        String before = query.text("before");
        List<Delivery> page = roster.webhooks().deliveries(call.appId(), call.path("webhookId"),
                before == null ? null : FeedCursor.parse(before, "before"), limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", page.stream().map(d -> (Object) json(d)).toList());
        if (page.size() == limit) {
            json.put("next", page.get(page.size() - 1).eventId().toString());
        }
        return json;
    }

    private Object retry(Call call) {
        call.noQuery();
        Map<String, Object> body = call.optionalObjectBody();
        if (body != null && !body.isEmpty()) {
            throw ApiError.invalid(body.keySet().iterator().next(), "Unknown property; the retry call takes none.");
        }
        FeedCursor eventId = FeedCursor.parse(call.path("eventId"), "eventId");
        return json(roster.webhooks().retry(call.appId(), call.path("webhookId"), eventId));
    }

    private static ApiError unknown(String webhookId) {
        return ApiError.notFound("There is no webhook with id " + webhookId + ".");
    }

    /**
     * The registration a body gives.
     *
     * @throws ApiError 400 naming an unknown property or a field of the wrong JSON type
     */
    private static WebhookSettings settings(Map<String, Object> body) {
        String url = null;
        List<String> events = null;
        String secret = null;
        Boolean enabled = null;
        for (Map.Entry<String, Object> field : body.entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            switch (name) {
                case "url" -> url = string(name, value);
                case "events" -> events = patterns(value);
                case "secret" -> secret = value == null ? null : string(name, value);
                case "enabled" -> enabled = value == null ? null : bool(name, value);
                default -> throw ApiError.invalid(name, "Unknown property; expected url, events, secret or enabled.");
            }
        }
        return new WebhookSettings(url, events, secret, enabled);
    }

    private static String string(String name, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw ApiError.invalid(name, JsonType.mismatch("a string", value));
    }

    private static Boolean bool(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw ApiError.invalid(name, JsonType.mismatch("a boolean", value));
    }

    private static List<String> patterns(Object value) {
        if (!(value instanceof List<?> list)) {
            throw ApiError.invalid("events", JsonType.mismatch("an array of event patterns", value));
        }
        List<String> patterns = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            patterns.add(string("events[" + i + "]", list.get(i)));
        }
        return patterns;
    }

    private static Map<String, Object> json(Webhook webhook) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", webhook.id());
        json.put("url", webhook.url());
        json.put("events", webhook.events());
        json.put("enabled", webhook.enabled());
        return json;
    }

    /** One delivery on the wire; a 0 that means "none" is null. */
    private static Map<String, Object> json(Delivery delivery) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", delivery.eventId().toString());
        json.put("type", delivery.type().wire());
        json.put("status", delivery.status().name().toLowerCase(Locale.ROOT));
        json.put("attempts", delivery.attempts());
        json.put("responseCode", delivery.responseCode() == 0 ? null : delivery.responseCode());
        json.put("error", delivery.error());
        json.put("at", delivery.at());
        json.put("lastAttemptAt", delivery.lastAttemptAt() == 0 ? null : delivery.lastAttemptAt());
        json.put("nextAttemptAt", delivery.status() == DeliveryStatus.PENDING ? delivery.nextAttemptAt() : null);
        return json;
    }
}
