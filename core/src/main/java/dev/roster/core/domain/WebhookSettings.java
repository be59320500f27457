package dev.roster.core.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a registration ({@code PUT /v1/{appId}/webhooks/{webhookId}}) gives for a webhook: it
 * replaces the webhook's url and patterns; an absent secret is generated for a new webhook and kept
 * for an existing one; an absent {@code enabled} means enabled for a new webhook and unchanged for
 * an existing one.
 *
 * @param url     an absolute {@code http} or {@code https} URL with a host and no user info, at
 *                most {@value #MAX_URL} characters
 * @param events  1 to {@value #MAX_PATTERNS} patterns: an event type ({@code message.created}), a
 *                resource wildcard ({@code user.*}) or {@code *}
 * @param secret  the signing key, {@value #MIN_SECRET} to {@value #MAX_SECRET} printable ASCII
 *                characters, or null
 * @param enabled whether events are sent, or null
 */
public record WebhookSettings(String url, List<String> events, String secret, Boolean enabled) {

    /** The longest URL accepted. */
    public static final int MAX_URL = 2048;
    /** The most patterns of one webhook. */
    public static final int MAX_PATTERNS = 50;
    /** The shortest secret accepted. */
    public static final int MIN_SECRET = 16;
    /** The longest secret accepted. */
    public static final int MAX_SECRET = 256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> RESOURCES = Arrays.stream(FeedEventType.values())
            .map(type -> resource(type.wire())).collect(Collectors.toUnmodifiableSet());

    /**
     * The registration's problems, each named by its field.
     *
     * @return the violations, empty when the settings are valid
     */
    public Violations problems() {
        Violations.Builder problems = new Violations.Builder();
        urlProblem(url).ifPresent(problem -> problems.add("url", problem));
        if (events == null || events.isEmpty()) {
            problems.add("events", "must list at least one event pattern, such as \"user.*\" or \"message.created\"");
        } else if (events.size() > MAX_PATTERNS) {
            problems.add("events", "may list at most " + MAX_PATTERNS + " patterns; got " + events.size());
        } else {
            for (int i = 0; i < events.size(); i++) {
                if (!isPattern(events.get(i))) {
                    problems.add("events[" + i + "]", "must be an event type such as \"message.created\", a resource "
                            + "wildcard such as \"user.*\", or \"*\"; got " + Json.show(events.get(i)));
                }
            }
        }
        if (secret != null && (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET
                || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            problems.add("secret", "must be " + MIN_SECRET + " to " + MAX_SECRET
                    + " printable ASCII characters without spaces");
        }
        return problems.build();
    }

    /**
     * The webhook these settings make, over the one stored before them.
     *
     * @param appId    the app
     * @param id       the webhook's id
     * @param existing the webhook stored before, or null for a new one
     * @return the webhook, with a new secret when none was given for a new webhook
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming each bad field
     */
    public Webhook applyTo(String appId, String id, Webhook existing) {
        Webhook.requireId(id, "webhookId");
        problems().throwIfAny("The webhook");
        String key = secret != null ? secret : existing != null ? existing.secret() : newSecret();
        boolean on = enabled != null ? enabled : existing == null || existing.enabled();
        return new Webhook(appId, id, url, events, key, on);
    }

    /** {@return a new random secret: {@code whsec_} and 64 hex digits} */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }

    static boolean matches(String pattern, FeedEventType type) {
        return pattern.equals("*") || pattern.equals(type.wire())
                || pattern.endsWith(".*") && resource(pattern).equals(resource(type.wire()));
    }

    private static boolean isPattern(String pattern) {
        if (pattern == null) {
            return false;
        }
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return RESOURCES.contains(resource(pattern));
        }
        return Arrays.stream(FeedEventType.values()).anyMatch(type -> type.wire().equals(pattern));
    }

    private static String resource(String wire) {
        return wire.substring(0, wire.indexOf('.'));
    }

    private static Optional<String> urlProblem(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.of("is required: the http or https URL that receives the events");
        }
        if (url.length() > MAX_URL) {
            return Optional.of("may be at most " + MAX_URL + " characters long");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL; got " + Json.show(url));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host; got " + Json.show(url));
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("may not hold a user name or password");
        }
        return Optional.empty();
    }
}
