package dev.roster.core.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes message ids {@code msg_<time><sequence><random>} in base 62 with digits before letters, so
 * ids made by one process sort in the order they were made: the messages of one send, which share
 * a timestamp, keep their order under the (createdAt, id) ordering.
 */
public final class MessageIds {

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private MessageIds() {
    }

    /** A new id; {@code millis} is the current time. */
    public static String next(long millis) {
        StringBuilder id = new StringBuilder("msg_");
        append(id, Math.max(0, millis), 8);
        append(id, SEQUENCE.incrementAndGet() % (62L * 62 * 62 * 62), 4);
        for (int i = 0; i < 8; i++) {
            id.append(DIGITS.charAt(RANDOM.nextInt(62)));
        }
        return id.toString();
    }

    private static void append(StringBuilder id, long value, int width) {
        char[] digits = new char[width];
        long rest = value;
        for (int i = width - 1; i >= 0; i--) {
            digits[i] = DIGITS.charAt((int) (rest % 62));
            rest /= 62;
        }
        id.append(digits);
    }
}
