package dev.roster.mongo;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Single-document writes, each on its own or all inside one transaction's session. */
interface DocumentWrites {

    /** Writes that are each atomic on their own. */
    DocumentWrites DIRECT = new Direct();

    /** Writes inside the transaction of {@code session}. */
    static DocumentWrites in(ClientSession session) {
        return new InSession(session);
    }

    /** Inserts {@code document}. */
    void insert(MongoCollection<Document> collection, Document document);

    /** Updates the document matching {@code filter}; whether one matched. */
    boolean update(MongoCollection<Document> collection, Bson filter, Bson update);

    /** Replaces the document matching {@code filter} by {@code document}, inserting it if none does. */
    void upsert(MongoCollection<Document> collection, Bson filter, Document document);

    /** Deletes every document matching {@code filter}. */
    void deleteAll(MongoCollection<Document> collection, Bson filter);

    /** Without a session. */
    final class Direct implements DocumentWrites {
        @Override
        public void insert(MongoCollection<Document> collection, Document document) {
            collection.insertOne(document);
        }

        @Override
        public boolean update(MongoCollection<Document> collection, Bson filter, Bson update) {
            return collection.updateOne(filter, update).getMatchedCount() == 1;
        }

        @Override
        public void upsert(MongoCollection<Document> collection, Bson filter, Document document) {
            collection.replaceOne(filter, document, new ReplaceOptions().upsert(true));
        }

        @Override
        public void deleteAll(MongoCollection<Document> collection, Bson filter) {
            collection.deleteMany(filter);
        }
    }

    /** In a session's transaction. */
    record InSession(ClientSession session) implements DocumentWrites {
        @Override
        public void insert(MongoCollection<Document> collection, Document document) {
            collection.insertOne(session, document);
        }

        @Override
        public boolean update(MongoCollection<Document> collection, Bson filter, Bson update) {
            return collection.updateOne(session, filter, update).getMatchedCount() == 1;
        }

        @Override
        public void upsert(MongoCollection<Document> collection, Bson filter, Document document) {
            collection.replaceOne(session, filter, document, new ReplaceOptions().upsert(true));
        }

        @Override
        public void deleteAll(MongoCollection<Document> collection, Bson filter) {
            collection.deleteMany(session, filter);
        }
    }
}
