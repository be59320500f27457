package dev.roster.core.domain;

/** What a user's conversations are sorted by; ties are broken by conversation id. */
public enum ConversationOrder {
    /** The last message's time, or when the user joined if there is no message. */
    LAST_ACTIVITY("lastActivity"),
    /** When the conversation was created. */
    CREATED_AT("createdAt");

    private final String wire;

    ConversationOrder(String wire) {
        this.wire = wire;
    }

    /** {@return the name in {@code orderBy}} */
    public String wire() {
        return wire;
    }

    /**
     * The order with this {@code orderBy} name.
     *
     * @param name an {@code orderBy} value, e.g. {@code lastActivity}; may be null
     * @return the order, or null if there is none
     */
    public static ConversationOrder fromWire(String name) {
        for (ConversationOrder order : values()) {
            if (order.wire.equals(name)) {
                return order;
            }
        }
        return null;
    }
}
