package dev.roster.core.api;

/**
 * A listener's registration: closing it stops the listener (at once for calls not yet started);
 * closing it again does nothing.
 */
public interface Registration extends AutoCloseable {

    /** Stops the listener; never throws. */
    @Override
    void close();
}
