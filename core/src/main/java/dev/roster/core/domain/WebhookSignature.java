package dev.roster.core.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The {@code Roster-Signature} header of a webhook POST (SPEC §11):
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. The timestamp is signed with
 * the body, so a receiver that checks it against its own clock refuses a replayed request.
 */
public final class WebhookSignature {

    /** The header's name. */
    public static final String HEADER = "Roster-Signature";

    private WebhookSignature() {
    }

    /**
     * The header value for a body sent at {@code unixSeconds}.
     *
     * @param secret      the webhook's secret
     * @param unixSeconds when it is sent, Unix seconds
     * @param body        the exact body sent
     * @return {@code t=…,v1=…}
     */
    public static String sign(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    /**
     * Whether a header value signs {@code body} with {@code secret} at a time within
     * {@code toleranceSeconds} of {@code nowSeconds}. Compares in constant time; any {@code v1} of
     * the header may match.
     *
     * @param secret           the webhook's secret
     * @param header           the received header value, may be null
     * @param body             the exact body received
     * @param nowSeconds       the receiver's time, Unix seconds
     * @param toleranceSeconds how far the signed time may be from {@code nowSeconds}
     * @return true when the signature is valid and recent
     */
    public static boolean verify(String secret, String header, String body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long time = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=") && part.length() > 2 && part.substring(2).chars().allMatch(Character::isDigit)
                    && part.length() <= 20) {
                time = Long.parseLong(part.substring(2));
            }
        }
        if (time == null || Math.abs(nowSeconds - time) > toleranceSeconds) {
            return false;
        }
        byte[] expected = hmac(secret, time + "." + body).getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String part : header.split(",")) {
            if (part.startsWith("v1=")) {
                valid |= MessageDigest.isEqual(expected, part.substring(3).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return valid;
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no HmacSHA256", e);
        }
    }
}
