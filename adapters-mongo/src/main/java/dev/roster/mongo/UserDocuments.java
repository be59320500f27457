package dev.roster.mongo;

import dev.roster.core.domain.User;
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

    static final String APP = "app";
    static final String ID = "uid";
    static final String ORDER = "ok";
    static final String VERSION = "v";
    static final String LOCK = "lock";
    static final String OUTBOX = "outbox";

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
                .append("createdAt", user.createdAt())
                .append(VERSION, version);
    }

    /** The key of a user's document. */
    static Document key(String appId, String userId) {
        return new Document(APP, appId).append(ID, userId);
    }

    /** A whole user document: key, order key and fields. */
    static Document document(String appId, User user, long version) {
        Document doc = key(appId, user.id()).append(ORDER, OrderKey.of(user.id()));
        doc.putAll(fields(user, version));
        return doc;
    }

    /** The user in a stored document. */
    static Versioned<User> decode(Document doc) {
        User user = new User(doc.getString(ID), doc.getString("name"),
                doc.getList("email", String.class, List.of()), doc.getList("phone", String.class, List.of()),
                doc.getString("photoUrl"), doc.getString("welcomeMessage"), doc.getString("role"),
                doc.getString("locale"), unpair(doc.getList("custom", Document.class, List.of())),
                new TreeSet<>(doc.getList("pushTokens", String.class, List.of())),
                doc.getString("availabilityText"), doc.getLong("createdAt"));
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
