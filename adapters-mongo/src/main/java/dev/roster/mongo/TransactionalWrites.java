package dev.roster.mongo;

import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.roster.core.domain.User;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.UserWrite;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

/**
 * Batches on a replica set or sharded cluster: every compare-and-set, each with its outbox entry,
 * in one multi-document transaction. Readers see all of the batch or none of it. The driver runs
 * the transaction again on a transient error (such as a write conflict).
 */
final class TransactionalWrites implements MongoUsers.WriteStrategy {

    private static final TransactionOptions OPTIONS = TransactionOptions.builder()
            .readConcern(ReadConcern.SNAPSHOT).writeConcern(WriteConcern.MAJORITY).build();

    private final MongoClient client;
    private final MongoCollection<Document> users;

    TransactionalWrites(MongoClient client, MongoCollection<Document> users) {
        this.client = client;
        this.users = users;
    }

    @Override
    public boolean write(String appId, List<UserWrite> writes) {
        try (ClientSession session = client.startSession()) {
            return session.withTransaction(() -> {
                for (UserWrite write : writes) {
                    if (!compareAndSet(session, appId, write)) {
                        throw new VersionConflict();
                    }
                }
                return true;
            }, OPTIONS);
        } catch (VersionConflict conflict) {
            return false;
        }
    }

    private boolean compareAndSet(ClientSession session, String appId, UserWrite write) {
        User user = write.user();
        Document entry = MongoChangeLog.outboxEntry(ChangeKind.USER, write.newVersion());
        if (write.expectedVersion() == 0) {
            try {
                users.insertOne(session, UserDocuments.document(appId, user, 1)
                        .append(UserDocuments.OUTBOX, List.of(entry)));
                return true;
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        }
        Bson filter = Filters.and(Filters.eq(UserDocuments.APP, appId), Filters.eq(UserDocuments.ID, user.id()),
                Filters.eq(UserDocuments.VERSION, write.expectedVersion()));
        Bson update = Updates.combine(MongoUsers.setAll(UserDocuments.fields(user, write.newVersion())),
                Updates.push(UserDocuments.OUTBOX, entry));
        return users.updateOne(session, filter, update).getMatchedCount() == 1;
    }

    /** Ends the transaction body when a version differs; never leaves this class. */
    private static final class VersionConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VersionConflict() {
            super("a stored version differs", null, false, false);
        }
    }
}
