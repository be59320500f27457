package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.FeedEntry;
import dev.roster.core.spi.Versioned;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a user is stored. Field names are fixed; custom data is an array of {@code {k, v}} pairs, so
 * a custom key holding {@code $} or {@code .} is plain data and never an operator or a path.
 */
final class UserDocuments {

    static final String APP = Target.APP;
    static final String ID = "uid";
    static final String ORDER = "ok";
    static final String VERSION = Target.VERSION;
    /** {@link UserOrder#nameKey} as an {@link OrderKey}, for the name order and {@code startsWith}. */
    static final String NAME_KEY = "nk";
    static final String CREATED_AT = "createdAt";
    /** The user lifecycle's last activity (SPEC §10): absent until something writes it. */
    static final String LAST_ACTIVE_AT = "lastActiveAt";
    /** The user lifecycle's deactivation flag (SPEC §10), which filters read; absent reads as false. */
    static final String DEACTIVATED = "deactivated";
    /** When the user was deactivated (SPEC §10), null while active; absent reads as null. */
    static final String DEACTIVATED_AT = "deactivatedAt";
    /** The time before which the user's tokens are refused (SPEC §10); absent reads as null. */
    static final String TOKENS_REVOKED_BEFORE = "tokensRevokedBefore";

    private UserDocuments() {
    }

    /** The stored fields of {@code user} at {@code version}, without app, id and bookkeeping. */
    static Document fields(User user, long version) {
        return new Document("name", user.name())
                .append("email", user.email())
                .append("phone", user.phone())
                .append("photoUrl", user.photoUrl())
                .append("welcomeMessage", user.welcomeMessage())
                .append("role", user.role())
                .append("locale", user.locale())
                .append("custom", pairs(user.custom()))
                .append("pushTokens", new ArrayList<>(user.pushTokens()))
                .append("availabilityText", user.availabilityText())
                .append(CREATED_AT, user.createdAt())
                .append(NAME_KEY, nameKey(user.name()))
                .append(DEACTIVATED, user.deactivated())
                .append(DEACTIVATED_AT, user.deactivatedAt())
                .append(TOKENS_REVOKED_BEFORE, user.tokensRevokedBefore())
                .append(VERSION, version);
    }

    /**
     * The user's document as the target of a compare-and-set from {@code expectedVersion} to the
     * version in {@code fields} (see {@link #fields}).
     */
    static Target target(MongoCollection<Document> users, String appId, String userId, long expectedVersion,
                         Document fields, FeedEntry feed) {
        return new Target(users, new Document(APP, appId).append(ID, userId), new Document(ORDER, OrderKey.of(userId)),
                expectedVersion, null, fields, List.of(), ChangeKind.USER, feed);
    }

    /** The stored name key of a user named {@code name}. */
    static String nameKey(String name) {
        return OrderKey.of(UserOrder.nameKey(name));
    }

    /** The user in a stored document. */
    static Versioned<User> decode(Document doc) {
        User user = new User(doc.getString(ID), doc.getString("name"),
                doc.getList("email", String.class, List.of()), doc.getList("phone", String.class, List.of()),
                doc.getString("photoUrl"), doc.getString("welcomeMessage"), doc.getString("role"),
                doc.getString("locale"), unpair(doc.getList("custom", Document.class, List.of())),
                new TreeSet<>(doc.getList("pushTokens", String.class, List.of())),
                doc.getString("availabilityText"), doc.getLong("createdAt"), doc.getLong(DEACTIVATED_AT),
                doc.getLong(TOKENS_REVOKED_BEFORE));
        return new Versioned<>(user, doc.getLong(VERSION));
    }

    /** A string map as an array of {@code {k, v}} documents, in key order. */
    static List<Document> pairs(Map<String, String> map) {
        List<Document> pairs = new ArrayList<>(map.size());
        new TreeMap<>(map).forEach((k, v) -> pairs.add(new Document("k", k).append("v", v)));
        return pairs;
    }

    /** The string map held by an array of {@code {k, v}} documents. */
    static TreeMap<String, String> unpair(List<Document> pairs) {
        TreeMap<String, String> map = new TreeMap<>();
        pairs.forEach(p -> map.put(p.getString("k"), p.getString("v")));
        return map;
    }
}
