package dev.roster.core.domain;

/** The machine-readable reason of a {@link RosterException}; stable across releases. */
public enum ErrorCode {
    /** The input is malformed or breaks a rule; nothing was written. */
    INVALID_ARGUMENT,
    /** The app, user, conversation or message does not exist. */
    NOT_FOUND,
    /** The caller may not do this (for example client user sync is off for the app). */
    FORBIDDEN,
    /** The caller did not prove who it is. */
    UNAUTHENTICATED,
    /** The user is deactivated (SPEC §10): their browser credentials are refused. */
    USER_DEACTIVATED,
    /** The user token was issued before a revocation of the user's or the app's tokens (SPEC §10). */
    TOKEN_REVOKED,
    /** Concurrent writers kept colliding; nothing was written and the call may be retried. */
    CONFLICT,
    /** The storage engine failed or could not be reached; the call may be retried. */
    UNAVAILABLE,
    /**
     * A change feed cursor points before the oldest retained event: events after it were pruned,
     * so the feed cannot resume there without a gap. Read from the start again instead.
     */
    CURSOR_EXPIRED,
    /** The storage engine failed in a way that retrying will not fix. */
    INTERNAL
}
