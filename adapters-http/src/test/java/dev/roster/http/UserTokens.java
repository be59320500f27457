package dev.roster.http;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.roster.core.domain.App;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;

/** Makes browser credentials for tests: user JWTs (any algorithm, any claims) and legacy signatures. */
final class UserTokens {

    private UserTokens() {
    }

    /** A valid user token of {@code userId} in {@code app}, without {@code exp}. */
    static String user(App app, String userId) {
        return jwt(JWSAlgorithm.HS256, app.secretKey(), Map.of("tokenType", "user", "iss", app.id(), "sub", userId));
    }

    /** A user token expiring at {@code exp}. */
    static String user(App app, String userId, Instant exp) {
        return jwt(JWSAlgorithm.HS256, app.secretKey(),
                Map.of("tokenType", "user", "iss", app.id(), "sub", userId, "exp", Date.from(exp)));
    }

    /**
     * A JWT with these claims signed with {@code secret} by {@code algorithm} (HMAC family). Signs
     * by hand because Nimbus's signer refuses keys under 256 bits, which apps may have.
     */
    static String jwt(JWSAlgorithm algorithm, String secret, Map<String, Object> claims) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        claims.forEach(set::claim);
        JWSHeader header = new JWSHeader(algorithm);
        Base64URL head = header.toBase64URL();
        Base64URL payload = Base64URL.encode(set.build().toString());
        String mac = algorithm.equals(JWSAlgorithm.HS384) ? "HmacSHA384" : algorithm.equals(JWSAlgorithm.HS512) ? "HmacSHA512" : "HmacSHA256";
        byte[] signature = hmac(mac, secret.getBytes(StandardCharsets.UTF_8),
                (head + "." + payload).getBytes(StandardCharsets.US_ASCII));
        try {
            return new SignedJWT(head, payload, Base64URL.encode(signature)).serialize();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned ({@code alg: none}) token with these claims. */
    static String unsigned(Map<String, Object> claims) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        claims.forEach(set::claim);
        return new PlainJWT(set.build()).serialize();
    }

    /** The legacy signature: lower-case hex HMAC-SHA256 of the user id keyed with the secret key. */
    static String signature(String secret, String userId) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8),
                userId.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
