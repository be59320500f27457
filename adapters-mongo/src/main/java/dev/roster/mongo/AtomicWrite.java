package dev.roster.mongo;

import org.bson.Document;

import java.util.List;

/**
 * A write of several documents that is all or nothing, whichever {@link WritePath} makes it so:
 * the versioned documents it compares and sets, the single-document writes that go with them,
 * and what the journal keeps to finish it after a crash.
 *
 * @param kind    the journal kind: which {@link Decoder} rebuilds the write from its entry
 * @param appId   the app
 * @param payload all the decoder needs, as the journal entry stores it
 * @param targets the versioned documents, claimed and written in this order
 * @param parts   the other writes, run before the targets get their new state
 */
record AtomicWrite(String kind, String appId, Document payload, List<Target> targets, Parts parts) {

    AtomicWrite {
        targets = List.copyOf(targets);
    }

    /**
     * Single-document writes that belong to a write but carry no version of their own (inbox
     * entries, messages). Each is idempotent, so running them again after a crash is harmless.
     */
    @FunctionalInterface
    interface Parts {

        /** No other writes. */
        Parts NONE = (writes, faults) -> { };

        /** Runs the writes, telling {@code faults} after each. */
        void write(DocumentWrites writes, FaultPoint faults);
    }

    /** Rebuilds a write of one kind from its journal entry. */
    @FunctionalInterface
    interface Decoder {
        AtomicWrite decode(Document entry);
    }
}
