package dev.roster.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

import java.util.List;

/**
 * The store's indexes, each created by name on start: creating an existing index with the same
 * name and keys does nothing, so any number of processes may start at once.
 */
final class MongoIndexes {

    /** The server's error code for dropping an index that does not exist. */
    private static final int INDEX_NOT_FOUND = 27;

    private MongoIndexes() {
    }

    /** Creates every index of the store, idempotently, and drops the ones an earlier version made. */
    static void create(MongoCollection<Document> users, MongoCollection<Document> changes,
                       MongoCollection<Document> presence, MongoCollection<Document> conversations,
                       MongoCollection<Document> inbox, MongoCollection<Document> messages) {
        MongoErrors.run("creating indexes", () -> {
            users.createIndex(Indexes.ascending(UserDocuments.APP, UserDocuments.ID),
                    new IndexOptions().name("users_app_id").unique(true));
            users.createIndex(Indexes.ascending(UserDocuments.APP, UserDocuments.ORDER),
                    new IndexOptions().name("users_app_order"));
            for (String field : List.of(UserDocuments.CREATED_AT, UserDocuments.NAME_KEY, UserDocuments.LAST_ACTIVE_AT)) {
                users.createIndex(Indexes.ascending(UserDocuments.APP, field, UserDocuments.ORDER),
                        new IndexOptions().name("users_app_" + field));
            }
            users.createIndex(Indexes.ascending(Target.OUTBOX + "." + MongoChangeLog.TOKEN),
                    new IndexOptions().name("users_outbox").sparse(true));
            users.createIndex(Indexes.ascending(Target.LOCK),
                    new IndexOptions().name("users_lock").sparse(true));
            changes.createIndex(Indexes.ascending(MongoChangeLog.TOKEN),
                    new IndexOptions().name("changes_token").unique(true));
            presence.createIndex(Indexes.ascending(MongoPresence.APP, MongoPresence.SESSION),
                    new IndexOptions().name("presence_app_session").unique(true));
            presence.createIndex(Indexes.ascending(MongoPresence.APP, MongoPresence.USER_ORDER, MongoPresence.EXPIRES),
                    new IndexOptions().name("presence_app_user"));
            presence.createIndex(Indexes.ascending(MongoPresence.EXPIRES), new IndexOptions().name("presence_expires"));
            String app = ConversationDocuments.APP;
            String cid = ConversationDocuments.CONVERSATION;
            String cok = ConversationDocuments.CONVERSATION_ORDER;
            String uid = ConversationDocuments.USER;
            conversations.createIndex(Indexes.ascending(app, cid),
                    new IndexOptions().name("conversations_app_id").unique(true));
            conversations.createIndex(Indexes.ascending(app, ConversationDocuments.DELETED, cok),
                    new IndexOptions().name("conversations_app_live_order"));
            dropIndex(conversations, "conversations_app_order");
            conversations.createIndex(Indexes.ascending(Target.OUTBOX + "." + MongoChangeLog.TOKEN),
                    new IndexOptions().name("conversations_outbox").sparse(true));
            conversations.createIndex(Indexes.ascending(Target.LOCK),
                    new IndexOptions().name("conversations_lock").sparse(true));
            inbox.createIndex(Indexes.ascending(app, uid, cid),
                    new IndexOptions().name("inbox_app_user_conversation").unique(true));
            inbox.createIndex(Indexes.ascending(app, uid, ConversationDocuments.LAST_ACTIVITY_AT, cok),
                    new IndexOptions().name("inbox_app_user_lastActivity"));
            inbox.createIndex(Indexes.ascending(app, uid, ConversationDocuments.CREATED_AT, cok),
                    new IndexOptions().name("inbox_app_user_createdAt"));
            inbox.createIndex(Indexes.ascending(app, cid), new IndexOptions().name("inbox_app_conversation"));
            messages.createIndex(Indexes.ascending(app, cid, ConversationDocuments.MESSAGE),
                    new IndexOptions().name("messages_app_conversation_id").unique(true));
            messages.createIndex(Indexes.ascending(app, cid, ConversationDocuments.CREATED_AT,
                    ConversationDocuments.MESSAGE_ORDER), new IndexOptions().name("messages_app_conversation_time"));
            messages.createIndex(Indexes.ascending(app, ConversationDocuments.SENDER, ConversationDocuments.CREATED_AT,
                    ConversationDocuments.MESSAGE_ORDER), new IndexOptions().name("messages_app_sender_time"));
            messages.createIndex(Indexes.ascending(app, cid, ConversationDocuments.IDEMPOTENCY_KEY),
                    new IndexOptions().name("messages_app_conversation_idempotency"));
        });
    }

    /**
     * Creates the indexes of the webhooks ({@link MongoWebhooks}), idempotently: registrations by
     * (app, id); deliveries by event (unique: queuing an event twice stores one delivery; also the
     * delivery log, newest first), by status within a webhook (its pending queue, oldest first) and
     * by status and event time (pruning).
     */
    static void createWebhooks(MongoCollection<Document> webhooks, MongoCollection<Document> deliveries) {
        MongoErrors.run("creating webhook indexes", () -> {
            webhooks.createIndex(Indexes.ascending(MongoWebhooks.APP, MongoWebhooks.ID),
                    new IndexOptions().name("webhooks_app_id").unique(true));
            deliveries.createIndex(Indexes.ascending(MongoWebhooks.APP, MongoWebhooks.WEBHOOK, MongoWebhooks.POSITION,
                    MongoWebhooks.READ), new IndexOptions().name("webhook_deliveries_event").unique(true));
            deliveries.createIndex(Indexes.ascending(MongoWebhooks.APP, MongoWebhooks.WEBHOOK, MongoWebhooks.STATUS,
                    MongoWebhooks.POSITION, MongoWebhooks.READ), new IndexOptions().name("webhook_deliveries_pending"));
            deliveries.createIndex(Indexes.ascending(MongoWebhooks.STATUS, MongoWebhooks.AT),
                    new IndexOptions().name("webhook_deliveries_prune"));
        });
    }

    /**
     * Drops an index of an earlier version if it is there (another process starting at the same
     * time may drop it first).
     */
    private static void dropIndex(MongoCollection<Document> collection, String name) {
        for (Document index : collection.listIndexes()) {
            if (name.equals(index.getString("name"))) {
                try {
                    collection.dropIndex(name);
                } catch (MongoCommandException e) {
                    if (e.getErrorCode() != INDEX_NOT_FOUND) {
                        throw e;
                    }
                }
                return;
            }
        }
    }
}
