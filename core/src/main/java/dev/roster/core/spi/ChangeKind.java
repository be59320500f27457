package dev.roster.core.spi;

/** What a {@link Change} is about. */
public enum ChangeKind {
    /** A user was created or updated. */
    USER,
    /** A conversation, its participants or its messages changed. */
    CONVERSATION
}
