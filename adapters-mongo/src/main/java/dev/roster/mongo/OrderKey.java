package dev.roster.mongo;

/**
 * A sort key for ids that orders by code points under every string comparison a server may use.
 * MongoDB compares strings by their UTF-8 bytes, which is code-point order; servers written in
 * Java (such as the in-process test server) compare UTF-16 units, which puts U+E000..U+FFFF after
 * supplementary characters. The key maps every code point to characters below U+D800, where both
 * comparisons agree, so listings are in {@link dev.roster.core.domain.Ids#ORDER} on any server.
 */
final class OrderKey {

    private static final int DIRECT_LIMIT = 0xD000;
    private static final int HIGH_BASE = 0xD000;
    private static final int LOW_BASE = 0x0400;

    private OrderKey() {
    }

    /** The key of {@code id}: code points below U+D000 as themselves, the rest as two characters. */
    static String of(String id) {
        StringBuilder key = new StringBuilder(id.length() + 8);
        id.codePoints().forEach(c -> {
            if (c < DIRECT_LIMIT) {
                key.append((char) c);
            } else {
                key.append((char) (HIGH_BASE + (c >> 10))).append((char) (LOW_BASE + (c & 0x3FF)));
            }
        });
        return key.toString();
    }
}
