package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import dev.roster.core.spi.UserWrite;
import org.bson.Document;

import java.util.List;

/**
 * A batch of user writes as an {@link AtomicWrite}, and back from its journal entry. The entry
 * holds {@code writes}: per user its id ({@code uid}), the version read ({@code expected}) and
 * the stored fields at the new version ({@code fields}).
 */
final class UserBatches {

    static final String KIND = "users";

    private final MongoCollection<Document> users;

    UserBatches(MongoCollection<Document> users) {
        this.users = users;
    }

    /** The batch as one write. */
    AtomicWrite of(String appId, List<UserWrite> writes) {
        List<Document> items = writes.stream().map(w -> new Document("uid", w.user().id())
                .append("expected", w.expectedVersion())
                .append("fields", UserDocuments.fields(w.user(), w.newVersion()))
                .append("feed", MongoChangeLog.withFeed(new Document(), w.feed()))).toList();
        return write(appId, items);
    }

    /** The batch of a journal entry of kind {@value #KIND}. */
    AtomicWrite decode(Document entry) {
        return write(entry.getString(Journal.APP), entry.getList("writes", Document.class));
    }

    private AtomicWrite write(String appId, List<Document> items) {
        List<Target> targets = items.stream().map(item -> UserDocuments.target(users, appId, item.getString("uid"),
                item.getLong("expected"), item.get("fields", Document.class),
                MongoChangeLog.feed(item.get("feed", new Document())))).toList();
        return new AtomicWrite(KIND, appId, new Document("writes", items), targets, AtomicWrite.Parts.NONE);
    }
}
