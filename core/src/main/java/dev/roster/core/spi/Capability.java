package dev.roster.core.spi;

/**
 * Guarantees a store may or may not give. The contract suite reads them: a test of a guarantee
 * runs only against a store that declares it, and the suite says so when it does not.
 */
public enum Capability {
    /**
     * A multi-entity write is invisible to readers until complete. Without it, readers may briefly
     * see part of a write that is being completed (never a part that is later lost).
     */
    ISOLATED_MULTI_WRITES,
    /** Several processes may share the store: its change log and data are in the database. */
    SHARED_BETWEEN_PROCESSES
}
