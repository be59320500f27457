package dev.roster.jdbc.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets writes through all at once, or one at a time where the engine needs it. An H2 database on
 * a file needs it: H2 marks a transaction committed for other sessions before its commit is in
 * the file, so a later transaction that read its data could reach the file first, and a process
 * killed in between left the later write without the earlier one (a hole in the change log, seen
 * by {@code CrashIT}). Run one at a time, each write's commit is in the file before the next one
 * begins. H2 serialises writers on the change-log head anyway, so this costs little.
 */
public final class WriteGate {

    private static final WriteGate OPEN = new WriteGate(null);

    private final ReentrantLock lock;

    private WriteGate(ReentrantLock lock) {
        this.lock = lock;
    }

    /** A gate that lets every write through at once. */
    public static WriteGate open() {
        return OPEN;
    }

    /** A gate that lets one write through at a time, in arrival order. */
    public static WriteGate oneAtATime() {
        return new WriteGate(new ReentrantLock(true));
    }

    /** A write that may fail with {@code X}. */
    @FunctionalInterface
    public interface Write<T, X extends Exception> {
        /** Performs the write. */
        T perform() throws X;
    }

    /** Performs {@code write} once the gate lets it through. */
    public <T, X extends Exception> T write(Write<T, X> write) throws X {
        if (lock == null) {
            return write.perform();
        }
        lock.lock();
        try {
            return write.perform();
        } finally {
            lock.unlock();
        }
    }
}
