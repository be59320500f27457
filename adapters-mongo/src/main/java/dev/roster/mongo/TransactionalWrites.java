package dev.roster.mongo;

import com.mongodb.ReadConcern;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;

import java.util.List;
import java.util.function.Supplier;

/**
 * The write path of a replica set or sharded cluster: every compare-and-set, each with its outbox
 * entry, and the other writes in one multi-document transaction (snapshot reads, majority writes).
 * Readers see all of a write or none of it. The driver runs the transaction again on a transient
 * error such as a write conflict.
 */
final class TransactionalWrites implements WritePath {

    private static final TransactionOptions OPTIONS = TransactionOptions.builder()
            .readConcern(ReadConcern.SNAPSHOT).writeConcern(WriteConcern.MAJORITY).build();

    private final MongoClient client;
    private final Supplier<FaultPoint> faults;

    TransactionalWrites(MongoClient client, Supplier<FaultPoint> faults) {
        this.client = client;
        this.faults = faults;
    }

    @Override
    public boolean write(AtomicWrite write) {
        try (ClientSession session = client.startSession()) {
            return session.withTransaction(() -> {
                DocumentWrites writes = DocumentWrites.in(session);
                List<Target> targets = write.targets();
                for (int i = 0; i < targets.size(); i++) {
                    if (!targets.get(i).compareAndSet(writes)) {
                        throw new VersionConflict();
                    }
                    faults.get().reached(FaultPoint.CLAIMED, i);
                }
                write.parts().write(writes, faults.get());
                return true;
            }, OPTIONS);
        } catch (VersionConflict conflict) {
            return false;
        }
    }

    /** Ends the transaction body when a stored version differs; never leaves this class. */
    private static final class VersionConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VersionConflict() {
            super("a stored version differs", null, false, false);
        }
    }
}
