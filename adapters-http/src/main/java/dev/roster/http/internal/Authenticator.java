package dev.roster.http.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * Checks the {@code Authorization: Bearer …} header of a trusted call: either the app's secret key
 * (compared in constant time) or an HS256 JWT signed with it, with {@code tokenType: "app"},
 * {@code iss} = the app id and an {@code exp} in the future. Every failure is the same 401.
 */
public final class Authenticator {

    private static final String BEARER = "Bearer ";

    private final Roster roster;
    private final Clock clock;

    /** Checks tokens of the apps of {@code roster}, with {@code clock} for {@code exp}. */
    public Authenticator(Roster roster, Clock clock) {
        this.roster = roster;
        this.clock = clock;
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
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return false;
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                || jwt.getHeader().getCriticalParams() != null
                || !signedWith(jwt, key)) {
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal(jwt.getSigningInput());
            return MessageDigest.isEqual(expected, jwt.getSignature().decode());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
