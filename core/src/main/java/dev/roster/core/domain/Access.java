package dev.roster.core.domain;

/** What a participant may do in a conversation. */
public enum Access {
    /** Read and send messages. */
    READ_WRITE("ReadWrite"),
    /** Read only. */
    READ("Read"),
    /** No access; the participation and its history are kept. */
    NONE("None");

    private final String wire;

    Access(String wire) {
        this.wire = wire;
    }

    /** {@return the name on the wire: {@code ReadWrite}, {@code Read} or {@code None}} */
    public String wire() {
        return wire;
    }

    /**
     * The access with this wire name.
     *
     * @param name a wire name, e.g. {@code ReadWrite}; may be null
     * @return the access, or null if there is none
     */
    public static Access fromWire(String name) {
        for (Access access : values()) {
            if (access.wire.equals(name)) {
                return access;
            }
        }
        return null;
    }
}
