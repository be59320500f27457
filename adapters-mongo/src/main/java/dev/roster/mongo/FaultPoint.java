package dev.roster.mongo;

/**
 * Where tests inject a crash: called between the documents of a journaled batch. Throwing from it
 * stops the write at that point, as if the process died there.
 */
@FunctionalInterface
interface FaultPoint {

    /** Does nothing: production behaviour. */
    FaultPoint NONE = (stage, index) -> { };

    /**
     * Called after document {@code index} (from 0) of a batch went through {@code stage}.
     *
     * @param stage {@code "claimed"} or {@code "applied"} (users, and a conversation's claim);
     *              {@code "entry"} or {@code "message"} (a conversation's parts written); or
     *              {@code "removed"} (a deleted conversation's entries, index 0, then messages, 1)
     */
    void reached(String stage, int index);
}
