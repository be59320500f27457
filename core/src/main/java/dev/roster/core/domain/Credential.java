package dev.roster.core.domain;

/**
 * What a browser signed in with (SPEC §4), as far as the user lifecycle (SPEC §10) cares: a user
 * token with its issue time, or the legacy signature of the user id. {@link #check} is the one
 * rule that refuses a credential whose signature is valid.
 */
public sealed interface Credential {

    /**
     * A user JWT.
     *
     * @param issuedAt its {@code iat} claim in Unix milliseconds, or null when it has none
     */
    record Token(Long issuedAt) implements Credential {
    }

    /** The legacy signature (the hex HMAC-SHA256 of the user id): it carries no time, so it cannot be revoked one by one. */
    record LegacySignature() implements Credential {
    }

    /**
     * Refuses this credential, whose signature is valid, when the user or the app no longer
     * accepts it: the app refuses legacy signatures, the user is deactivated, or the token was
     * issued before a revocation (or has no {@code iat} while one is in force).
     *
     * @param settings            the app's settings
     * @param deactivated         whether the user is deactivated
     * @param tokensRevokedBefore the later of the user's and the app's revocation times (Unix
     *                            milliseconds), or null when neither revoked anything
     * @throws RosterException {@link ErrorCode#UNAUTHENTICATED} for a legacy signature the app
     *                         refuses, {@link ErrorCode#USER_DEACTIVATED}, {@link ErrorCode#TOKEN_REVOKED}
     */
    default void check(AppSettings settings, boolean deactivated, Long tokensRevokedBefore) {
        if (this instanceof LegacySignature && !settings.legacySignatures()) {
            throw RosterException.of(ErrorCode.UNAUTHENTICATED,
                    "This app refuses the legacy signature: sign in with a user token (JWT).");
        }
        if (deactivated) {
            throw RosterException.of(ErrorCode.USER_DEACTIVATED, "This user is deactivated.");
        }
        if (this instanceof Token token && tokensRevokedBefore != null
                && (token.issuedAt() == null || token.issuedAt() < tokensRevokedBefore)) {
            throw RosterException.of(ErrorCode.TOKEN_REVOKED, token.issuedAt() == null
                    ? "Tokens of this user were revoked, and this token has no iat: sign in with a new token."
                    : "This token was issued before its tokens were revoked: sign in with a new token.");
        }
    }

    /**
     * The later of two revocation times.
     *
     * @param first  a revocation time, or null for none
     * @param second another, or null for none
     * @return the later one, or null when both are null
     */
    static Long laterRevocation(Long first, Long second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : Long.valueOf(Math.max(first, second));
    }
}
