package dev.roster.http.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.Credential;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the {@code Authorization: Bearer …} header of a call.
 *
 * <p>A trusted call ({@link #check}) sends the app's secret key (compared in constant time) or an
 * HS256 JWT signed with it, with {@code tokenType: "app"}, {@code iss} = the app id and an
 * {@code exp} in the future.
 *
 * <p>A browser ({@link #checkUser}) proves it is the user it claims (SPEC §4) with an HS256 JWT
 * signed with the secret key, with {@code tokenType: "user"}, {@code iss} = the app id,
 * {@code sub} = the user id and an {@code exp} in the future when present (required when so
 * configured), or with the older signature: the hex HMAC-SHA256 of the user id keyed with the
 * secret key, in either case. Every failure of the proof is the same 401 and nothing is done.
 * A proven credential is then checked against the user lifecycle (SPEC §10,
 * {@link Roster#checkSignIn}): a deactivated user is a 401 {@code USER_DEACTIVATED}, a token
 * issued before a revocation a 401 {@code TOKEN_REVOKED}, a legacy signature an app refuses a 401
 * {@code UNAUTHENTICATED}.
 */
public final class Authenticator {

    private static final String BEARER = "Bearer ";
    private static final Pattern HEX_SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

    private final Roster roster;
    private final Clock clock;
    private final boolean requireUserExpiry;

    /** Checks tokens of the apps of {@code roster}, with {@code clock} for {@code exp}. */
    public Authenticator(Roster roster, Clock clock) {
        this(roster, clock, false);
    }

    /**
     * Checks tokens of the apps of {@code roster}, with {@code clock} for {@code exp}; with
     * {@code requireUserExpiry}, a user token without {@code exp} is rejected.
     */
    public Authenticator(Roster roster, Clock clock, boolean requireUserExpiry) {
        this.roster = roster;
        this.clock = clock;
        this.requireUserExpiry = requireUserExpiry;
    }

    /**
     * Checks that the header proves the caller is user {@code userId} of the app, and that the
     * user and the app still accept that proof.
     *
     * @return what the caller signed in with, for {@link #recheck} later
     * @throws ApiError          401 for a missing or wrong token or signature or an unknown app,
     *                           without saying which
     * @throws dev.roster.core.domain.RosterException {@code USER_DEACTIVATED}, {@code TOKEN_REVOKED} or
     *                           {@code UNAUTHENTICATED} when the proof holds but is refused
     */
    public Credential checkUser(String appId, String userId, String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiError.unverifiedUser();
        }
        String token = authorization.substring(BEARER.length()).trim();
        Optional<App> app = roster.findApp(appId);
        if (app.isEmpty()) {
            throw ApiError.unverifiedUser();
        }
        byte[] key = app.get().secretKey().getBytes(StandardCharsets.UTF_8);
        Credential credential;
        if (HEX_SIGNATURE.matcher(token).matches()) {
            if (!MessageDigest.isEqual(hmac(key, userId.getBytes(StandardCharsets.UTF_8)), HexFormat.of().parseHex(token))) {
                throw ApiError.unverifiedUser();
            }
            credential = new Credential.LegacySignature();
        } else {
            credential = userToken(token, appId, userId, key);
        }
        roster.checkSignIn(appId, userId, credential);
        return credential;
    }

    /**
     * Checks again that the user and the app accept {@code credential}, which {@link #checkUser}
     * returned earlier (for an open stream); usually costs no store call. A failure of the store
     * refuses nothing: the next check decides.
     *
     * @return the refusal, or empty while the credential is accepted
     */
    public Optional<ApiError> recheck(String appId, String userId, Credential credential) {
        try {
            roster.checkSignIn(appId, userId, credential);
            return Optional.empty();
        } catch (RosterException e) {
            boolean refused = e.code() == ErrorCode.USER_DEACTIVATED || e.code() == ErrorCode.TOKEN_REVOKED
                    || e.code() == ErrorCode.UNAUTHENTICATED || e.code() == ErrorCode.NOT_FOUND;
            return refused ? Optional.of(ApiError.from(e)) : Optional.empty();
        }
    }

    /** The older signature of a user id: lower-case hex HMAC-SHA256 keyed with the secret key. */
    public static String signature(String secretKey, String userId) {
        return HexFormat.of().formatHex(hmac(secretKey.getBytes(StandardCharsets.UTF_8),
                userId.getBytes(StandardCharsets.UTF_8)));
    }

    /** The user token as a credential, with its {@code iat}; a 401 unless it proves the user. */
    private Credential userToken(String token, String appId, String userId, byte[] key) {
        JWTClaimsSet claims = verifiedClaims(token, key);
        if (claims == null) {
            throw ApiError.unverifiedUser();
        }
        Date expires = claims.getExpirationTime();
        Date notBefore = claims.getNotBeforeTime();
        boolean valid = "user".equals(claims.getClaim("tokenType"))
                && appId.equals(claims.getIssuer())
                && userId.equals(claims.getSubject())
                && (expires == null ? !requireUserExpiry : expires.toInstant().isAfter(clock.instant()))
                && (notBefore == null || !notBefore.toInstant().isAfter(clock.instant()));
        if (!valid) {
            throw ApiError.unverifiedUser();
        }
        Date issuedAt = claims.getIssueTime();
        return new Credential.Token(issuedAt == null ? null : issuedAt.getTime());
    }

    // The claims of an HS256 JWT signed with key, or null for anything else (alg none, another
    // algorithm, a crit header, a wrong signature, text that is not a JWS).
    private static JWTClaimsSet verifiedClaims(String token, byte[] key) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return null;
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                || jwt.getHeader().getCriticalParams() != null
                || !signedWith(jwt, key)) {
            return null;
        }
        return claims;
    }

    /**
     * Checks the header for the app.
     *
     * @throws ApiError 401 for a missing or wrong token or an unknown app, without saying which
     */
    public void check(String appId, String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiError.unauthenticated();
        }
        String token = authorization.substring(BEARER.length()).trim();
        Optional<App> app = roster.findApp(appId);
        if (app.isEmpty()) {
            throw ApiError.unauthenticated();
        }
        byte[] key = app.get().secretKey().getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(key, token.getBytes(StandardCharsets.UTF_8)) || validAppToken(token, appId, key)) {
            return;
        }
        throw ApiError.unauthenticated();
    }

    private boolean validAppToken(String token, String appId, byte[] key) {
        JWTClaimsSet claims = verifiedClaims(token, key);
        if (claims == null) {
            return false;
        }
        Object tokenType = claims.getClaim("tokenType");
        Date expires = claims.getExpirationTime();
        return "app".equals(tokenType)
                && appId.equals(claims.getIssuer())
                && expires != null
                && expires.toInstant().isAfter(clock.instant());
    }

    // Nimbus's MACVerifier refuses keys under 256 bits, but app keys may be shorter (TalkJS's
    // are 32 characters, ours at least 16), so the HMAC is checked here over Nimbus's parse.
    private static boolean signedWith(SignedJWT jwt, byte[] key) {
        return MessageDigest.isEqual(hmac(key, jwt.getSigningInput()), jwt.getSignature().decode());
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
