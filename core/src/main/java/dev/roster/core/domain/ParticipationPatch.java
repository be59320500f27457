package dev.roster.core.domain;

import java.util.Map;
import java.util.Objects;

/**
 * An update of a participation: absent keeps, null resets ({@code access} to ReadWrite,
 * {@code notify} to true, {@code readUntil} to nothing read).
 *
 * @param access    the access
 * @param notification    the notification setting
 * @param readUntil the read marker, Unix milliseconds
 */
public record ParticipationPatch(FieldPatch<Access> access, FieldPatch<Notify> notification, FieldPatch<Long> readUntil) {

    /**
     * Checks the fields.
     *
     * @param access       the access
     * @param notification the notification setting
     * @param readUntil    the read marker, Unix milliseconds
     * @throws NullPointerException if a field patch is null
     */
    public ParticipationPatch {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(readUntil, "readUntil");
    }

    /** {@return the patch that changes nothing} */
    public static ParticipationPatch none() {
        return new ParticipationPatch(FieldPatch.keep(), FieldPatch.keep(), FieldPatch.keep());
    }

    /**
     * A patch that sets access and notify.
     *
     * @param access the access; null resets it to ReadWrite
     * @param notify the notify setting; null resets it to true
     * @return the patch, keeping readUntil
     */
    public static ParticipationPatch of(Access access, Notify notify) {
        return new ParticipationPatch(FieldPatch.of(access), FieldPatch.of(notify), FieldPatch.keep());
    }

    /**
     * This patch with {@code readUntil} set.
     *
     * @param readUntil the read marker, Unix milliseconds
     * @return a copy of this patch with it
     */
    public ParticipationPatch withReadUntil(long readUntil) {
        return new ParticipationPatch(access, notification, FieldPatch.of(readUntil));
    }

    /**
     * Reads a patch from a JSON-shaped map ({@code access}, {@code notify}, and when
     * {@code allowReadUntil} also {@code readUntil}).
     *
     * @param json           the decoded JSON object
     * @param allowReadUntil whether {@code readUntil} may be given
     * @return the patch
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad field
     */
    public static ParticipationPatch fromJson(Map<String, ?> json, boolean allowReadUntil) {
        Violations.Builder problems = new Violations.Builder();
        FieldPatch<Access> access = FieldPatch.keep();
        FieldPatch<Notify> notify = FieldPatch.keep();
        FieldPatch<Long> readUntil = FieldPatch.keep();
        for (Map.Entry<String, ?> entry : json.entrySet()) {
            Object value = entry.getValue();
            switch (entry.getKey()) {
                case "access" -> {
                    Access parsed = value instanceof String s ? Access.fromWire(s) : null;
                    if (value == null || parsed != null) {
                        access = FieldPatch.of(parsed);
                    } else {
                        problems.add("access", "Expected \"ReadWrite\", \"Read\" or \"None\", got " + describe(value) + ".");
                    }
                }
                case "notify" -> {
                    Notify parsed = Notify.fromWire(value);
                    if (value == null || parsed != null) {
                        notify = FieldPatch.of(parsed);
                    } else {
                        problems.add("notify", "Expected true, false or \"MentionsOnly\", got " + describe(value) + ".");
                    }
                }
                case "readUntil" -> {
                    if (!allowReadUntil) {
                        problems.add("readUntil", "Unknown property readUntil; expected access or notify.");
                    } else if (value == null) {
                        readUntil = FieldPatch.reset();
                    } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0) {
                        readUntil = FieldPatch.of(n.longValue());
                    } else {
                        problems.add("readUntil", "Expected a timestamp in milliseconds (a non-negative integer), got "
                                + describe(value) + ".");
                    }
                }
                default -> problems.add(entry.getKey(), "Unknown property " + entry.getKey()
                        + "; expected access, notify" + (allowReadUntil ? " or readUntil." : "."));
            }
        }
        problems.build().throwIfAny("The participant");
        return new ParticipationPatch(access, notify, readUntil);
    }

    static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : JsonType.of(value).description();
    }
}
