package dev.roster.core.domain;

/** The kind of a message. */
public enum MessageType {
    /** Sent by a participant. */
    USER_MESSAGE("UserMessage"),
    /** Sent by the system, without a sender. */
    SYSTEM_MESSAGE("SystemMessage");

    private final String wire;

    MessageType(String wire) {
        this.wire = wire;
    }

    /** {@return the name on the wire: {@code UserMessage} or {@code SystemMessage}} */
    public String wire() {
        return wire;
    }

    /**
     * The type with this wire name.
     *
     * @param name a JSON value, may be null
     * @return the type, or null if there is none
     */
    public static MessageType fromWire(Object name) {
        for (MessageType type : values()) {
            if (type.wire.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
