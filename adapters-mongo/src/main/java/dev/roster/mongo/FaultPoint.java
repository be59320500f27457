package dev.roster.mongo;

/**
 * Where tests inject a crash: called between the steps of a write of several documents. Throwing
 * from it stops the write at that point, as if the process died there.
 */
@FunctionalInterface
interface FaultPoint {

    /** After target {@code index} was claimed (journal) or compared and set (transaction). */
    String CLAIMED = "claimed";
    /** After the journal entry was committed (index 0). */
    String COMMITTED = "committed";
    /** After inbox entry {@code index} of a conversation write was written. */
    String ENTRY = "entry";
    /** After message {@code index} of a conversation write was written. */
    String MESSAGE = "message";
    /** After a deleted conversation's entries (index 0), then its messages (index 1), were removed. */
    String REMOVED = "removed";
    /** After target {@code index} got its new state and lost its lock (journal). */
    String APPLIED = "applied";
    /** After the journal entry was deleted, before the changes are relayed to the log (index 0). */
    String FINISHED = "finished";
    /** After a webhook's new deliveries were stored, before its queue position moves (index 0). */
    String QUEUED = "queued";

    /** Does nothing: production behaviour. */
    FaultPoint NONE = (stage, index) -> { };

    /** Called after step {@code index} (from 0) of {@code stage}, one of the constants above. */
    void reached(String stage, int index);
}
