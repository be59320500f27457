package dev.roster.server.copy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one side of a verification holds of one app: its items counted per kind and a SHA-256 over
 * them in the order they were seen, one line per item ({@code <kind> <item>}), so two sides that
 * saw equal items in the same order have the same digest.
 */
final class Tally {

    private final MessageDigest digest;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    Tally() {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Counts an item of {@code kind} and adds its line to the digest. */
    void saw(String kind, Object item) {
        counts.merge(kind, 1L, Long::sum);
        digest.update((kind + " " + item + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Adds the counts of {@code part} and a line of its digest (which it then no longer has). */
    void add(Tally part) {
        part.counts.forEach((kind, count) -> counts.merge(kind, count, Long::sum));
        digest.update(("part " + part.digest() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    CopyCounts counts() {
        return new CopyCounts(counts.getOrDefault("app", 0L), counts.getOrDefault("user", 0L),
                counts.getOrDefault("conversation", 0L), counts.getOrDefault("message", 0L));
    }

    /** {@return the digest in hex; it ends the digest, so call it once} */
    String digest() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
