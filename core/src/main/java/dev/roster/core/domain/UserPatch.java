package dev.roster.core.domain;

import java.util.Arrays;
import java.util.Collections;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An update of a user: one {@link FieldPatch} per field (absent, null = reset, or a value), with
 * {@code custom} and {@code pushTokens} as key-wise {@link KeyPatch}es. Always valid: the
 * {@link Builder} and {@link #fromJson} reject bad input with every problem at once.
 *
 * @param name             the display name; cannot be reset
 * @param email            email addresses; reset = none
 * @param phone            phone numbers; reset = none
 * @param photoUrl         the avatar URL
 * @param welcomeMessage   the welcome message
 * @param role             the role; reset = {@value User#DEFAULT_ROLE}
 * @param locale           an IETF language tag; reset = the app's default
 * @param custom           custom data, patched key by key; reset = no custom data
 * @param pushTokens       push tokens; {@code true} registers, removal unregisters; reset = none
 * @param availabilityText the availability text
 */
public record UserPatch(FieldPatch<String> name, FieldPatch<List<String>> email,
                        FieldPatch<List<String>> phone, FieldPatch<String> photoUrl,
                        FieldPatch<String> welcomeMessage, FieldPatch<String> role,
                        FieldPatch<String> locale, FieldPatch<KeyPatch<String>> custom,
                        FieldPatch<KeyPatch<Boolean>> pushTokens, FieldPatch<String> availabilityText) {

    /** The message for a create without a name, as TalkJS words it. */
    public static final String NAME_REQUIRED = "Required property name was not present.";

    /** Text may hold any character but U+0000, which PostgreSQL cannot store. */
    static final String NO_NUL = "The text may not contain the NUL character (U+0000).";

    private static final Set<String> FIELDS = Set.of("id", "name", "email", "phone", "photoUrl",
            "welcomeMessage", "role", "locale", "custom", "pushTokens", "availabilityText");

    /**
     * Checks that every field has a patch.
     *
     * @param name             the display name
     * @param email            email addresses
     * @param phone            phone numbers
     * @param photoUrl         the avatar URL
     * @param welcomeMessage   the welcome message
     * @param role             the role
     * @param locale           an IETF language tag
     * @param custom           custom data, patched key by key
     * @param pushTokens       push tokens, patched key by key
     * @param availabilityText the availability text
     * @throws NullPointerException if a field patch is null; use {@link FieldPatch#keep()}
     */
    public UserPatch {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(photoUrl, "photoUrl");
        Objects.requireNonNull(welcomeMessage, "welcomeMessage");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(custom, "custom");
        Objects.requireNonNull(pushTokens, "pushTokens");
        Objects.requireNonNull(availabilityText, "availabilityText");
    }

    /**
     * The erase rule: the personal data removed (emails, phones, push tokens, custom data, photo,
     * welcome message, availability text) and the name replaced; the id, role, locale and
     * creation time stay.
     *
     * @param name the name the erased user gets
     * @return the patch
     */
    public static UserPatch erase(String name) {
        return builder()
                .name(name)
                .email((String[]) null)
                .phone((String[]) null)
                .clearPushTokens()
                .clearCustom()
                .photoUrl(null)
                .welcomeMessage(null)
                .availabilityText(null)
                .build();
    }

    /** {@return a builder that starts with every field absent} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks a batch of creates or updates: at most {@code max} users, each with a valid id and a
     * name (the batch rule).
     *
     * @param patches the updates keyed by user id
     * @param max     the most users a batch may hold
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT}: for too many users, or with
     *                         {@link RosterException#itemViolations()} naming each invalid user
     */
    public static void requireBatch(Map<String, UserPatch> patches, int max) {
        if (patches.size() > max) {
            throw RosterException.invalid("A batch may update at most " + max + " users; got " + patches.size() + ".",
                    Violations.of(Violations.WHOLE, "At most " + max + " users per batch; got " + patches.size() + "."));
        }
        Map<String, Violations> invalid = new LinkedHashMap<>();
        patches.forEach((id, patch) -> {
            Violations.Builder problems = new Violations.Builder();
            User.idProblems(id).forEach(p -> problems.add("id", p));
            if (!(patch.name() instanceof FieldPatch.SetTo)) {
                problems.add(Violations.WHOLE, NAME_REQUIRED);
            }
            if (!problems.isEmpty()) {
                invalid.put(id, problems.build());
            }
        });
        if (!invalid.isEmpty()) {
            throw RosterException.invalidItems("The batch has invalid users: " + invalid.keySet() + "; nothing was written.",
                    invalid);
        }
    }

    /**
     * Reads an update from a JSON-shaped map (as a JSON parser produces it: {@code Map},
     * {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null}); a key that is
     * present with a null value means "reset", an absent key means "keep".
     *
     * @param json         the update object
     * @param userId       the user it is for; an {@code "id"} in the object must equal it
     * @param nameRequired whether a missing name is an error (batch updates require it)
     * @return the update
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad field
     */
    public static UserPatch fromJson(Map<String, ?> json, String userId, boolean nameRequired) {
        Builder builder = new Builder();
        Violations.Builder problems = builder.problems;
        if (nameRequired && !json.containsKey("name")) {
            problems.add(Violations.WHOLE, NAME_REQUIRED);
        }
        json.forEach((field, value) -> {
            switch (field) {
                case "id" -> {
                    if (!Objects.equals(value, userId)) {
                        problems.add("id", "The id in the body must equal the user id " + userId + ".");
                    }
                }
                case "name" -> {
                    if (value instanceof String s) {
                        builder.name(s);
                    } else {
                        problems.add(field, JsonType.mismatch("a string", value));
                    }
                }
                case "email" -> builder.email = stringList(field, value, problems);
                case "phone" -> builder.phone = stringList(field, value, problems);
                case "photoUrl" -> builder.photoUrl = JsonFields.nullableString(field, value, problems);
                case "welcomeMessage" -> builder.welcomeMessage = JsonFields.nullableString(field, value, problems);
                case "role" -> builder.role = JsonFields.nullableString(field, value, problems);
                case "locale" -> builder.locale = JsonFields.nullableString(field, value, problems);
                case "availabilityText" -> builder.availabilityText = JsonFields.nullableString(field, value, problems);
                case "custom" -> builder.custom = JsonFields.customPatch(value, problems);
                case "pushTokens" -> builder.pushTokens = pushTokenPatch(value, problems);
                default -> problems.add(field, "Unknown property " + field + "; expected one of "
                        + String.join(", ", new TreeSet<>(FIELDS)) + ".");
            }
        });
        return builder.build();
    }

    private static FieldPatch<List<String>> stringList(String field, Object value, Violations.Builder problems) {
        if (value == null) {
            return FieldPatch.reset();
        }
        if (value instanceof String s) {
            return FieldPatch.of(List.of(s));
        }
        if (value instanceof List<?> list) {
            boolean allStrings = true;
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String)) {
                    problems.add(field + "[" + i + "]", JsonType.mismatch("a string", list.get(i)));
                    allStrings = false;
                }
            }
            return allStrings ? FieldPatch.of(list.stream().map(String.class::cast).toList()) : FieldPatch.keep();
        }
        problems.add(field, JsonType.mismatch("a string, an array of strings or null", value));
        return FieldPatch.keep();
    }

    private static FieldPatch<KeyPatch<Boolean>> pushTokenPatch(Object value, Violations.Builder problems) {
        if (value == null) {
            return FieldPatch.reset();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add("pushTokens", JsonType.mismatch("an object or null", value));
            return FieldPatch.keep();
        }
        KeyPatch.Builder<Boolean> patch = new KeyPatch.Builder<>();
        map.forEach((key, v) -> {
            if (v == null || Boolean.TRUE.equals(v)) {
                patch.set((String) key, (Boolean) v);
            } else {
                problems.add("pushTokens." + key, "Expected true or null, got " + v + ".");
            }
        });
        return FieldPatch.of(patch.build());
    }

    /**
     * Builds a {@link UserPatch}; fields not named stay absent. {@link #build()} checks every
     * value and reports all problems at once.
     */
    public static final class Builder {
        private final Violations.Builder problems = new Violations.Builder();
        private FieldPatch<String> name = FieldPatch.keep();
        private FieldPatch<List<String>> email = FieldPatch.keep();
        private FieldPatch<List<String>> phone = FieldPatch.keep();
        private FieldPatch<String> photoUrl = FieldPatch.keep();
        private FieldPatch<String> welcomeMessage = FieldPatch.keep();
        private FieldPatch<String> role = FieldPatch.keep();
        private FieldPatch<String> locale = FieldPatch.keep();
        private FieldPatch<KeyPatch<String>> custom = FieldPatch.keep();
        private FieldPatch<KeyPatch<Boolean>> pushTokens = FieldPatch.keep();
        private FieldPatch<String> availabilityText = FieldPatch.keep();
        private KeyPatch.Builder<String> customKeys;
        private KeyPatch.Builder<Boolean> tokenKeys;

        private Builder() {
        }

        /**
         * Sets the name; null is an error (a name cannot be reset), reported by {@link #build()}.
         *
         * @param value the display name
         * @return this builder
         */
        public Builder name(String value) {
            if (value == null) {
                problems.add("name", "The name may not be null.");
            } else {
                name = FieldPatch.of(value);
            }
            return this;
        }

        /**
         * Sets the email addresses; none or null resets to none.
         *
         * @param addresses the addresses, replacing the current ones
         * @return this builder
         */
        public Builder email(String... addresses) {
            email = listPatch(addresses);
            return this;
        }

        /**
         * Sets the phone numbers; none or null resets to none.
         *
         * @param numbers the numbers, replacing the current ones
         * @return this builder
         */
        public Builder phone(String... numbers) {
            phone = listPatch(numbers);
            return this;
        }

        /**
         * Sets the avatar URL; null resets it.
         *
         * @param value the URL, or null
         * @return this builder
         */
        public Builder photoUrl(String value) {
            photoUrl = FieldPatch.of(value);
            return this;
        }

        /**
         * Sets the welcome message; null resets it.
         *
         * @param value the message, or null
         * @return this builder
         */
        public Builder welcomeMessage(String value) {
            welcomeMessage = FieldPatch.of(value);
            return this;
        }

        /**
         * Sets the role; null resets it to {@value User#DEFAULT_ROLE}.
         *
         * @param value a non-empty role name, or null
         * @return this builder
         */
        public Builder role(String value) {
            role = FieldPatch.of(value);
            return this;
        }

        /**
         * Sets the locale (an IETF language tag); null resets it to the app's default.
         *
         * @param value the language tag, or null
         * @return this builder
         */
        public Builder locale(String value) {
            locale = FieldPatch.of(value);
            return this;
        }

        /**
         * Sets the availability text; null resets it.
         *
         * @param value the text, or null
         * @return this builder
         */
        public Builder availabilityText(String value) {
            availabilityText = FieldPatch.of(value);
            return this;
        }

        /**
         * Sets one custom key, or removes it when {@code value} is null; other keys are kept.
         *
         * @param key   the custom key
         * @param value the value, or null to remove the key
         * @return this builder
         */
        public Builder custom(String key, String value) {
            if (customKeys == null) {
                customKeys = new KeyPatch.Builder<>();
            }
            customKeys.set(key, value);
            return this;
        }

        /**
         * Removes all custom data (any {@link #custom(String, String)} after this still applies).
         *
         * @return this builder
         */
        public Builder clearCustom() {
            custom = FieldPatch.reset();
            customKeys = null;
            return this;
        }

        /**
         * Registers ({@code true}) or unregisters ({@code false}) one push token.
         *
         * @param token      the token key, {@code fcm:<id>} or {@code apns:<id>}
         * @param registered whether to register it
         * @return this builder
         */
        public Builder pushToken(String token, boolean registered) {
            if (tokenKeys == null) {
                tokenKeys = new KeyPatch.Builder<>();
            }
            tokenKeys.set(token, registered ? Boolean.TRUE : null);
            return this;
        }

        /**
         * Unregisters every push token (any {@link #pushToken(String, boolean)} after this still applies).
         *
         * @return this builder
         */
        public Builder clearPushTokens() {
            pushTokens = FieldPatch.reset();
            tokenKeys = null;
            return this;
        }

        /**
         * The patch.
         *
         * @return the checked patch
         * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad field
         */
        public UserPatch build() {
            if (customKeys != null) {
                custom = FieldPatch.of(customKeys.build());
            }
            if (tokenKeys != null) {
                pushTokens = FieldPatch.of(tokenKeys.build());
            }
            checkValues();
            problems.build().throwIfAny("The user update");
            return new UserPatch(name, email, phone, photoUrl, welcomeMessage, role, locale, custom,
                    pushTokens, availabilityText);
        }

        private void checkValues() {
            checkList("email", email);
            checkList("phone", phone);
            if (role instanceof FieldPatch.SetTo<String> r && r.value().isEmpty()) {
                problems.add("role", "The role may not be empty; send null for the default role.");
            }
            if (locale instanceof FieldPatch.SetTo<String> l && !isLanguageTag(l.value())) {
                problems.add("locale", "\"" + l.value() + "\" is not a well-formed IETF language tag.");
            }
            checkNoNul("name", name);
            checkNoNul("photoUrl", photoUrl);
            checkNoNul("welcomeMessage", welcomeMessage);
            checkNoNul("role", role);
            checkNoNul("availabilityText", availabilityText);
            if (custom instanceof FieldPatch.SetTo<KeyPatch<String>> keys) {
                keys.value().put().forEach((key, value) -> {
                    if ((key + value).indexOf('\u0000') >= 0) {
                        problems.add("custom." + key, NO_NUL);
                    }
                });
            }
            if (pushTokens instanceof FieldPatch.SetTo<KeyPatch<Boolean>> tokens) {
                Stream.concat(tokens.value().put().keySet().stream(), tokens.value().remove().stream())
                        .filter(token -> !User.isPushTokenKey(token))
                        .forEach(token -> problems.add("pushTokens." + token,
                                "A push token key must be fcm:<token id> or apns:<token id>."));
            }
        }

        private void checkNoNul(String field, FieldPatch<String> patch) {
            if (patch instanceof FieldPatch.SetTo<String> set && set.value().indexOf('\u0000') >= 0) {
                problems.add(field, NO_NUL);
            }
        }

        private static FieldPatch<List<String>> listPatch(String[] values) {
            return values == null ? FieldPatch.reset()
                    : FieldPatch.of(Collections.unmodifiableList(Arrays.asList(values.clone())));
        }

        private void checkList(String field, FieldPatch<List<String>> patch) {
            if (patch instanceof FieldPatch.SetTo<List<String>> set) {
                if (set.value().stream().anyMatch(Objects::isNull)) {
                    problems.add(field, "The list may not contain null.");
                } else if (set.value().stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
                    problems.add(field, NO_NUL);
                }
            }
        }

        private static boolean isLanguageTag(String tag) {
            try {
                new Locale.Builder().setLanguageTag(tag);
                return !tag.isEmpty();
            } catch (IllformedLocaleException e) {
                return false;
            }
        }
    }
}
