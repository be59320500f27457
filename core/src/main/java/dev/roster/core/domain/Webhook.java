package dev.roster.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A webhook (SPEC §11): an HTTPS or HTTP endpoint of the app's own that receives, as signed
 * POSTs, the change feed's events whose type matches one of its patterns.
 *
 * @param appId   the app
 * @param id      the webhook's id, chosen by the caller: 1 to 64 of {@code A-Z a-z 0-9 . _ ~ -}
 * @param url     where events are posted
 * @param events  the event patterns: a type such as {@code message.created}, a resource wildcard
 *                such as {@code user.*}, or {@code *} for every event
 * @param secret  the key of the {@link WebhookSignature signature}
 * @param enabled whether events are sent; a disabled webhook receives none of the events made while
 *                it is disabled
 */
public record Webhook(String appId, String id, String url, List<String> events, String secret, boolean enabled) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    /**
     * Checks the fields.
     *
     * @param appId   the app
     * @param id      the id
     * @param url     the endpoint
     * @param events  the patterns, copied
     * @param secret  the signing key
     * @param enabled whether events are sent
     * @throws NullPointerException if a field is null
     */
    public Webhook {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        events = List.copyOf(events);
        Objects.requireNonNull(secret, "secret");
    }

    /**
     * Whether an event of this type is sent to this webhook (enabled or not).
     *
     * @param type the event's type
     * @return true when a pattern matches it
     */
    public boolean matches(FeedEventType type) {
        for (String pattern : events) {
            if (WebhookSettings.matches(pattern, type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * This webhook enabled or disabled.
     *
     * @param enabled whether events are sent
     * @return the webhook with that setting
     */
    public Webhook withEnabled(boolean enabled) {
        return new Webhook(appId, id, url, events, secret, enabled);
    }

    /**
     * Checks a webhook id given as {@code field}.
     *
     * @param id    the id, may be null
     * @param field the parameter that holds it, for the error
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming {@code field} when it is not a valid id
     */
    public static void requireId(String id, String field) {
        if (id == null || !ID.matcher(id).matches()) {
            throw RosterException.invalid("The webhook id " + Json.show(id) + " is not valid.",
                    Violations.of(field, "must be 1 to 64 of the characters A-Z a-z 0-9 . _ ~ -"));
        }
    }
}
