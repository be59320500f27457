package dev.roster.server.copy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where a copy or an import stands, reported after every page it writes.
 *
 * @param read     the items read from the source so far
 * @param written  the items among them that the target did not hold yet, or held otherwise
 * @param expected the items the source holds, per kind, as far as they are known: for a copy the
 *                 counts of the source when it started (one count of each kind per app,
 *                 {@link dev.roster.core.spi.UserStore#count}); for an import, once its
 *                 conversations are listed, the apps and users read, the conversations listed and
 *                 the messages estimated from those read ({@link Basis.Conversations}); and
 *                 {@link CopyCounts#NONE} where no total is known (a follow, an import before then)
 * @param basis    what the share done and the time left rest on
 */
public record CopyProgress(CopyCounts read, CopyCounts written, CopyCounts expected, Basis basis) {

    /** Nothing read, nothing written, no total known. */
    public static final CopyProgress START = new CopyProgress(CopyCounts.NONE, CopyCounts.NONE, CopyCounts.NONE);

    /** Checks that every count is there. */
    public CopyProgress {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(basis, "basis");
    }

    /**
     * A progress whose share and time left follow the items read against {@code expected}.
     *
     * @param read     the items read so far
     * @param written  the items written so far
     * @param expected the totals, or {@link CopyCounts#NONE}
     */
    public CopyProgress(CopyCounts read, CopyCounts written, CopyCounts expected) {
        this(read, written, expected, Basis.ITEMS);
    }

    /**
     * A progress with no total known.
     *
     * @param read    the items read so far
     * @param written the items written so far
     */
    public CopyProgress(CopyCounts read, CopyCounts written) {
        this(read, written, CopyCounts.NONE);
    }

    /** What the share done and the time left of a progress rest on. */
    public sealed interface Basis {

        /** The items read against the totals, every kind alike. */
        Basis ITEMS = new Items();

        /**
         * The items read of every kind against {@link CopyProgress#expected}, at the rate so far
         * over the time elapsed (a copy, whose totals are counted before it starts).
         */
        record Items() implements Basis {
        }

        /**
         * An import's conversations: the conversations done against those the source listed before
         * the import wrote the first, and the rest at the pace of those done, their messages
         * included. The source has no counts, so its conversations are listed first (a page of 100
         * per request) and its messages are not counted at all: the expected messages are those read
         * so far scaled up to every listed conversation.
         *
         * @param listed   the conversations the source listed so far
         * @param complete whether the listing has ended; before it has, there is no share and no time left
         * @param took     how long the conversations done so far took, from the end of the listing
         */
        record Conversations(long listed, boolean complete, Duration took) implements Basis {

            /** Checks the counts. */
            public Conversations {
                Objects.requireNonNull(took, "took");
                if (listed < 0 || took.isNegative()) {
                    throw new IllegalArgumentException("listed " + listed + " and took " + took
                            + " must not be negative");
                }
            }
        }
    }

    CopyProgress add(CopyCounts moreRead, CopyCounts moreWritten) {
        return new CopyProgress(read.plus(moreRead), written.plus(moreWritten), expected, basis);
    }

    CopyProgress expecting(CopyCounts total) {
        return new CopyProgress(read, written, total, Basis.ITEMS);
    }

    /** This progress while the source's conversations are listed, {@code listed} of them so far. */
    CopyProgress listing(long listed) {
        return new CopyProgress(read, written, CopyCounts.NONE, new Basis.Conversations(listed, false, Duration.ZERO));
    }

    /**
     * This progress against {@code listed} conversations, the done ones having taken {@code took}:
     * the apps and users read are their totals (those listings have ended), and the messages
     * expected are those read times the conversations listed per conversation done.
     */
    CopyProgress pacedBy(long listed, Duration took) {
        long done = read.conversations();
        long messages = done == 0 ? 0 : Math.max(read.messages(), Math.round((double) read.messages() * listed / done));
        return new CopyProgress(read, written, new CopyCounts(read.apps(), read.users(), listed, messages),
                new Basis.Conversations(listed, true, took));
    }

    /** {@return the share done, 0 to 1; empty when no total is known} */
    public OptionalDouble done() {
        if (basis instanceof Basis.Conversations conversations) {
            if (!conversations.complete()) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(conversations.listed() == 0 ? 1.0
                    : Math.min(1.0, (double) read.conversations() / conversations.listed()));
        }
        return expected.total() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(Math.min(1.0, (double) read.total() / expected.total()));
    }

    /**
     * The time the rest will take at the pace so far. On {@link Basis.Items}: the items still
     * expected, at the items read per unit of {@code elapsed}; items of every kind count alike, so
     * while the copy reads kinds slower per item than the rest (users before messages) the
     * estimate is high. On {@link Basis.Conversations}: the conversations still listed, each taking
     * as long as those done took on average ({@code took}, measured by the import, takes the place
     * of {@code elapsed}); so a few conversations far longer than the rest, ahead or behind, move it.
     *
     * @param elapsed how long the copy has run
     * @return the estimate, zero once the expected items are read; empty when no total is known or
     *         nothing was read yet
     */
    public Optional<Duration> timeLeft(Duration elapsed) {
        if (basis instanceof Basis.Conversations conversations) {
            long done = read.conversations();
            if (!conversations.complete() || done == 0 && conversations.listed() > 0) {
                return Optional.empty();
            }
            return Optional.of(done >= conversations.listed() ? Duration.ZERO
                    : scaled(conversations.took(), conversations.listed() - done, done));
        }
        if (expected.total() == 0 || read.total() == 0) {
            return Optional.empty();
        }
        return Optional.of(scaled(elapsed, expected.total() - read.total(), read.total()));
    }

    private static Duration scaled(Duration time, long left, long done) {
        return Duration.ofNanos((long) ((double) time.toNanos() * Math.max(0, left) / done));
    }
}
