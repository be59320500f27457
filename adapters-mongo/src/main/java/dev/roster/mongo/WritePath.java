package dev.roster.mongo;

/**
 * How a store makes a write of several documents all or nothing: {@link TransactionalWrites} in
 * one multi-document transaction, or {@link JournaledWrites} on single-document atomicity alone.
 */
interface WritePath {

    /**
     * Writes all of {@code write} or nothing.
     *
     * @return false, with nothing written, if a target's stored version differs
     */
    boolean write(AtomicWrite write);
}
