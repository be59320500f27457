package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.InboxEntry;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.roster.mongo.ConversationDocuments.APP;
import static dev.roster.mongo.ConversationDocuments.CONVERSATION;
import static dev.roster.mongo.ConversationDocuments.USER;

/**
 * The {@code inbox} collection: one document per participation (user and conversation) carrying
 * its own sort and filter keys, so that a user's listing is one index walk ({@link InboxQueries}).
 */
final class InboxEntries {

    private final MongoCollection<Document> inbox;

    InboxEntries(MongoCollection<Document> inbox) {
        this.inbox = inbox;
    }

    /** The entries of these conversations: conversation id to user id to entry. */
    Map<String, Map<String, InboxEntry>> of(String appId, List<String> conversationIds) {
        Map<String, Map<String, InboxEntry>> entries = new HashMap<>();
        inbox.find(Filters.and(Filters.eq(APP, appId), Filters.in(CONVERSATION, conversationIds))).forEach(d -> {
            InboxEntry e = ConversationDocuments.entry(d);
            entries.computeIfAbsent(e.conversationId(), c -> new HashMap<>()).put(e.userId(), e);
        });
        return entries;
    }

    /** The user's entry of the conversation, or null. */
    InboxEntry find(String appId, String userId, String conversationId) {
        Document found = inbox.find(Filters.and(Filters.eq(APP, appId), Filters.eq(USER, userId),
                Filters.eq(CONVERSATION, conversationId))).first();
        return found == null ? null : ConversationDocuments.entry(found);
    }

    /** One page of a user's listing, starting at {@code after} (null: from the beginning). */
    List<InboxEntry> list(String appId, ConversationQuery query, InboxCursor after) {
        List<InboxEntry> page = new ArrayList<>(query.limit());
        inbox.find(InboxQueries.filter(appId, query, after)).sort(InboxQueries.sort(query)).limit(query.limit())
                .forEach(d -> page.add(ConversationDocuments.entry(d)));
        return page;
    }
}
