package dev.roster.core.domain;

/** When a participant is notified of new messages. */
public enum Notify {
    /** On every message ({@code true} on the wire). */
    ALL,
    /** Never ({@code false} on the wire). */
    OFF,
    /** Only when mentioned ({@code "MentionsOnly"} on the wire). */
    MENTIONS_ONLY;

    /** {@return the wire value: {@code true}, {@code false} or {@code "MentionsOnly"}} */
    public Object wire() {
        return this == ALL ? Boolean.TRUE : this == OFF ? Boolean.FALSE : "MentionsOnly";
    }

    /**
     * The setting for a wire value.
     *
     * @param value a JSON value, may be null
     * @return the setting, or null if the value is not one of the three
     */
    public static Notify fromWire(Object value) {
        if (Boolean.TRUE.equals(value)) {
            return ALL;
        }
        if (Boolean.FALSE.equals(value)) {
            return OFF;
        }
        return "MentionsOnly".equals(value) ? MENTIONS_ONLY : null;
    }
}
