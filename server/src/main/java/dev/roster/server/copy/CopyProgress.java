package dev.roster.server.copy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where a copy stands, reported after every page it writes.
 *
 * @param read     the items read from the source so far
 * @param written  the items among them that the target did not hold yet, or held otherwise
 * @param expected the items the source held when the copy started, per kind (one count of each
 *                 kind per app, {@link dev.roster.core.spi.UserStore#count}), or
 *                 {@link CopyCounts#NONE} where no total is known (an import, a follow)
 */
public record CopyProgress(CopyCounts read, CopyCounts written, CopyCounts expected) {

    /** Nothing read, nothing written, no total known. */
    public static final CopyProgress START = new CopyProgress(CopyCounts.NONE, CopyCounts.NONE, CopyCounts.NONE);

    /** Checks that every count is there. */
    public CopyProgress {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(expected, "expected");
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

    CopyProgress add(CopyCounts moreRead, CopyCounts moreWritten) {
        return new CopyProgress(read.plus(moreRead), written.plus(moreWritten), expected);
    }

    CopyProgress expecting(CopyCounts total) {
        return new CopyProgress(read, written, total);
    }

    /** {@return the share of the expected items read so far, 0 to 1; empty when no total is known} */
    public OptionalDouble done() {
        if (expected.total() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, (double) read.total() / expected.total()));
    }

    /**
     * The time the rest will take at the rate so far: the items still expected, at the items read
     * per unit of {@code elapsed}. Items of every kind count alike, so while the copy reads kinds
     * slower per item than the rest (users before messages) the estimate is high.
     *
     * @param elapsed how long the copy has run
     * @return the estimate, zero once the expected items are read; empty when no total is known or
     *         nothing was read yet
     */
    public Optional<Duration> timeLeft(Duration elapsed) {
        if (expected.total() == 0 || read.total() == 0) {
            return Optional.empty();
        }
        long left = Math.max(0, expected.total() - read.total());
        return Optional.of(Duration.ofNanos((long) ((double) elapsed.toNanos() * left / read.total())));
    }
}
