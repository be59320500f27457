package dev.roster.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it. One per test; thread-safe. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /**
     * A clock standing at {@code start}.
     *
     * @param start the first instant it tells
     */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /**
     * Moves the clock forward.
     *
     * @param duration by how much
     */
    public void advance(Duration duration) {
        synchronized (this) {
            now = now.plus(duration);
        }
    }

    /**
     * Sets the clock.
     *
     * @param instant the instant it tells from now on
     */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("A MutableClock is always UTC");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
