package dev.roster.bench;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserPatch;
import dev.roster.mongo.MongoStorage;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

import static dev.roster.bench.ListingBench.OWNER;
import static dev.roster.bench.ListingBench.PAGE;
import static dev.roster.bench.ListingBench.T0;
import static dev.roster.bench.ListingBench.category;
import static dev.roster.bench.ListingBench.filter;
import static dev.roster.bench.ListingBench.pad;
import static dev.roster.bench.ListingBench.round;

/**
 * Row 3 on MongoDB: the same listing as {@link ListingBench} (first page of 30 of one user's
 * conversations, custom-field filter, each order and direction) through the real Mongo store, in
 * two databases side by side: the user's 10k participations alone, and the same 10k plus 990k
 * participations of other users. Calls alternate between the two.
 *
 * <p>With {@code ROSTER_BENCH_MONGO_URI} set it runs on that server (a standalone server or a
 * replica set: the explain needs the profiler, which mongos lacks) in two databases of its own,
 * dropped at the end, at full size; it checks the target and records the {@code explain} of the
 * listing query. Without it, it runs against mongo-java-server started in this process on a
 * loopback port: that server plans no compound index (it scans every document), so it cannot show
 * O(page); the row then runs at 2k vs 20k participations, so that it takes seconds, is reported
 * without a target, and only shows that the harness works.
 *
 * <p>The bulk is cloned from template documents that Roster itself wrote (one conversation per
 * category), read back from every collection the listing reads ({@code conversations},
 * {@code inbox}), and inserted with unordered {@code insertMany} in chunks, so it has exactly
 * Roster's format.
 */
final class MongoListingBench {

    /** The server of the full-size row, e.g. {@code mongodb://127.0.0.1:27017/?replicaSet=rs0}. */
    static final String URI_ENV = "ROSTER_BENCH_MONGO_URI";

    private static final int CHUNK = 10_000;
    private static final String CONVERSATIONS = "conversations";
    private static final String INBOX = "inbox";
    private static final String APP = "app";
    private static final String CONVERSATION = "cid";
    private static final String CONVERSATION_ORDER = "cok";
    private static final String USER = "uid";
    private static final Scale REAL = new Scale(ListingBench.OWN, ListingBench.TOTAL, "MongoDB", true);
    private static final Scale STAND_IN = new Scale(2_000, 20_000,
            "mongo-java-server stand-in: scans, no index plans", false);

    private MongoListingBench() {
    }

    /**
     * How big the two databases are and how long calls are measured.
     *
     * @param own    the owner's participations (the small database's whole inbox)
     * @param total  all participations of the large database
     * @param label  the server as the row names it
     * @param real   whether it is a real MongoDB (full settings, a target, an explain)
     */
    private record Scale(int own, int total, String label, boolean real) {

        int warmup(Settings settings) {
            return real ? settings.scaled(100) : 3;
        }

        int count(Settings settings) {
            return real ? settings.scaled(300) : settings.scaled(20);
        }

        int budgetMillis(Settings settings) {
            return real ? settings.scaled(10_000) : settings.scaled(1_000);
        }
    }

    /** Runs the row on the server at {@value #URI_ENV}, or on mongo-java-server when it is unset. */
    static List<Row> run(Settings settings, Report report) {
        return onServer((server, real) -> run(settings, report, server, real ? REAL : STAND_IN));
    }

    /**
     * Runs {@code row} with the URL of the server at {@value #URI_ENV} (and {@code true}), or of an
     * in-process mongo-java-server started for it (and {@code false}) when the variable is unset.
     */
    static <T> T onServer(BiFunction<String, Boolean, T> row) {
        String configured = System.getenv(URI_ENV);
        if (configured != null && !configured.isBlank()) {
            return row.apply(configured, true);
        }
        MongoServer standIn = new MongoServer(new MemoryBackend());
        try {
            standIn.bind("127.0.0.1", 0);
            return row.apply("mongodb://127.0.0.1:" + standIn.getLocalAddress().getPort() + "/", false);
        } finally {
            standIn.shutdownNow();
        }
    }

    private static List<Row> run(Settings settings, Report report, String server, Scale scale) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String smallName = "roster_bench_" + suffix + "_small";
        String largeName = "roster_bench_" + suffix + "_large";
        try (MongoClient client = MongoClients.create(server)) {
            try (MongoStorage smallStorage = MongoStorage.open(databaseUrl(server, smallName));
                 MongoStorage largeStorage = MongoStorage.open(databaseUrl(server, largeName));
                 Roster smallRoster = Roster.builder().storage(smallStorage).build();
                 Roster largeRoster = Roster.builder().storage(largeStorage).build()) {
                return measure(settings, report, scale, client.getDatabase(smallName), smallRoster,
                        client.getDatabase(largeName), largeRoster);
            } finally {
                client.getDatabase(smallName).drop();
                client.getDatabase(largeName).drop();
            }
        }
    }

    private static List<Row> measure(Settings settings, Report report, Scale scale, MongoDatabase small,
                                     Roster smallRoster, MongoDatabase large, Roster largeRoster) {
        String prefix = "row3.mongo.";
        report.fact(prefix + "server", scale.real()
                ? "MongoDB " + large.runCommand(new Document("buildInfo", 1)).getString("version")
                : "mongo-java-server (in-process stand-in)");
        long start = System.nanoTime();
        fillOwner(smallRoster, small, scale.own());
        double ownSeconds = (System.nanoTime() - start) / 1e9;
        report.fact(prefix + "generate" + size(scale.own()) + "Seconds", round(ownSeconds));
        Templates largeTemplates = fillOwner(largeRoster, large, scale.own());
        Random random = new Random(9);
        start = System.nanoTime();
        largeTemplates.insert(large, 0, (scale.total() - scale.own()) / 2, i -> new ListingBench.Shape(
                "c-bulk-" + pad(i), category(i),
                new String[] {"other-" + random.nextInt(10_000), "other-" + (10_000 + random.nextInt(10_000))},
                T0 + random.nextInt(1_000_000_000), T0 + random.nextInt(1_000_000_000)));
        double bulkSeconds = (System.nanoTime() - start) / 1e9;
        report.fact(prefix + "generate" + size(scale.total() - scale.own()) + "Seconds", round(bulkSeconds));
        report.fact(prefix + "inboxDocuments", Map.of("small", small.getCollection(INBOX).countDocuments(),
                "large", large.getCollection(INBOX).countDocuments()));
        List<Row> rows = new ArrayList<>();
        for (ConversationOrder order : ConversationOrder.values()) {
            for (SortDirection direction : SortDirection.values()) {
                ConversationQuery query = query(order, direction);
                double[][] pair = Latency.measurePair(page(smallRoster, query), page(largeRoster, query),
                        scale.warmup(settings), scale.count(settings), scale.budgetMillis(settings));
                String what = "list page of 30, custom filter, " + order.wire() + " " + direction + ", "
                        + size(scale.total()) + " rows (" + scale.label() + ")";
                String baseline = "same user, " + size(scale.own()) + " rows";
                String note = String.format(Locale.ROOT,
                        "p90 %.2f ms vs %.2f ms; calls alternate between the two databases, each first in turn; data: %s "
                                + "in %.1f s, %s in %.1f s by unordered insertMany of cloned documents",
                        pair[1][1], pair[0][1], size(scale.own()), ownSeconds, size(scale.total() - scale.own()),
                        bulkSeconds);
                rows.add(scale.real()
                        ? Row.atMost(3, what, baseline, pair[1][0], pair[0][0], "ms (median)", 1.2, note)
                        : Row.info(3, what, baseline, pair[1][0], pair[0][0], "ms (median)", note
                                + "; no target: mongo-java-server scans the whole inbox collection for every page, so "
                                + "the time grows with the table; set " + URI_ENV + " for the real row"));
            }
        }
        if (scale.real()) {
            report.fact(prefix + "explain" + size(scale.total()), explain(largeRoster, large));
        }
        return rows;
    }

    /** The app, the owner and the owner's conversations, the same in every database (fixed seed). */
    private static Templates fillOwner(Roster roster, MongoDatabase database, int own) {
        BenchUsers.seed(roster, 0);
        roster.upsertUser(BenchUsers.APP, OWNER, UserPatch.builder().name("Owner").build());
        Templates templates = Templates.capture(roster, database);
        Random random = new Random(8);
        templates.insert(database, 0, own, i -> new ListingBench.Shape("c-own-" + pad(i), category(i),
                new String[] {OWNER}, T0 + random.nextInt(1_000_000_000), T0 + random.nextInt(1_000_000_000)));
        return templates;
    }

    private static ConversationQuery query(ConversationOrder order, SortDirection direction) {
        return ConversationQuery.builder(OWNER).order(order).direction(direction).filter(filter()).limit(PAGE).build();
    }

    private static Runnable page(Roster roster, ConversationQuery query) {
        return () -> {
            int size = roster.conversations().list(BenchUsers.APP, query).size();
            if (size != PAGE) {
                throw new IllegalStateException("Expected a full page, got " + size);
            }
        };
    }

    /**
     * The {@code explain} of the inbox query Roster sends for one page (last activity, descending):
     * the query is caught by the database profiler (the listing's is the one find on the inbox
     * with a sort), so it is exactly the store's, then explained with execution statistics.
     */
    private static Map<String, Object> explain(Roster roster, MongoDatabase database) {
        database.runCommand(new Document("profile", 2));
        try {
            page(roster, query(ConversationOrder.LAST_ACTIVITY, SortDirection.DESC)).run();
        } finally {
            database.runCommand(new Document("profile", 0));
        }
        Document profiled = database.getCollection("system.profile")
                .find(Filters.and(Filters.eq("command.find", INBOX), Filters.exists("command.sort")))
                .sort(Sorts.descending("ts")).first();
        if (profiled == null) {
            throw new IllegalStateException("The profiler caught no listing query in " + database.getName());
        }
        Document sent = profiled.get("command", Document.class);
        Document find = new Document("find", INBOX).append("filter", sent.get("filter"))
                .append("sort", sent.get("sort")).append("limit", sent.get("limit"));
        Document explained = database.runCommand(new Document("explain", find).append("verbosity", "executionStats"));
        Document stats = explained.get("executionStats", Document.class);
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("query", find.toJson());
        fact.put("winningPlan", explained.get("queryPlanner", Document.class).get("winningPlan", Document.class).toJson());
        fact.put("nReturned", stats.get("nReturned"));
        fact.put("totalKeysExamined", stats.get("totalKeysExamined"));
        fact.put("totalDocsExamined", stats.get("totalDocsExamined"));
        fact.put("executionTimeMillis", stats.get("executionTimeMillis"));
        return fact;
    }

    /**
     * {@code server} with its database path replaced by {@code database}, options kept. With
     * credentials and a database in the path, that database stays the one they authenticate
     * against: it is their default {@code authSource}.
     */
    static String databaseUrl(String server, String database) {
        int schemeEnd = server.indexOf("://") + 3;
        int query = server.indexOf('?', schemeEnd);
        String options = query < 0 ? "" : server.substring(query);
        String hostsAndPath = query < 0 ? server.substring(schemeEnd) : server.substring(schemeEnd, query);
        int slash = hostsAndPath.indexOf('/');
        String hosts = slash < 0 ? hostsAndPath : hostsAndPath.substring(0, slash);
        ConnectionString parsed = new ConnectionString(server);
        if (parsed.getCredential() != null && parsed.getDatabase() != null
                && !options.toLowerCase(Locale.ROOT).contains("authsource=")) {
            options += (options.isEmpty() ? "?" : "&") + "authSource=" + parsed.getDatabase();
        }
        return server.substring(0, schemeEnd) + hosts + "/" + database + options;
    }

    /** A count as the rows name it: 10k, 1M. */
    private static String size(int count) {
        return count % 1_000_000 == 0 ? count / 1_000_000 + "M" : count / 1_000 + "k";
    }

    /**
     * Documents Roster wrote for one conversation per category (one participant), to be cloned
     * with new ids and times: its conversation document and its inbox entry. Nothing else is
     * cloned, on purpose: a listing reads only these two collections; the change log entry of
     * a write is relayed out of the document's outbox right after the write (the template's
     * outbox is checked to be empty), the journal entry is gone once the write is done, and the
     * conversations have no messages. So the bulk has no change log entries, which no listing
     * reads.
     */
    private record Templates(Map<String, Document> conversation, Map<String, Document> entry) {

        static Templates capture(Roster roster, MongoDatabase database) {
            Map<String, Document> conversation = new LinkedHashMap<>();
            Map<String, Document> entry = new LinkedHashMap<>();
            for (String category : List.of("support", "sales", "billing")) {
                String id = "template-" + category;
                roster.conversations().upsert(BenchUsers.APP, id, ConversationPatch.fromJson(Map.of(
                        "subject", "Generated", "participants", List.of(OWNER),
                        "custom", Map.of("category", category)), id));
                Bson written = Filters.and(Filters.eq(APP, BenchUsers.APP), Filters.eq(CONVERSATION, id));
                Document c = only(database.getCollection(CONVERSATIONS), written);
                if (!c.getList("outbox", Document.class, List.of()).isEmpty() || c.containsKey("lock")) {
                    throw new IllegalStateException("The template " + id + " is still being written: " + c.toJson());
                }
                conversation.put(category, c);
                entry.put(category, only(database.getCollection(INBOX), written));
                if (database.getCollection("messages").countDocuments(written) != 0) {
                    throw new IllegalStateException("Expected no message in the template " + id);
                }
                database.getCollection(CONVERSATIONS).deleteMany(written);
                database.getCollection(INBOX).deleteMany(written);
            }
            return new Templates(conversation, entry);
        }

        /**
         * The one document of {@code collection} matching {@code filter}; its order key must be
         * its id, as for every ASCII id, so that clones can take their id as order key.
         */
        private static Document only(MongoCollection<Document> collection, Bson filter) {
            List<Document> found = collection.find(filter).into(new ArrayList<>());
            if (found.size() != 1) {
                throw new IllegalStateException("Expected one " + collection.getNamespace() + " document, found "
                        + found.size());
            }
            Document d = found.get(0);
            if (!d.getString(CONVERSATION).equals(d.getString(CONVERSATION_ORDER))) {
                throw new IllegalStateException("The order key of an ASCII id is no longer the id: " + d.toJson());
            }
            return d;
        }

        /** Inserts conversations {@code from} until {@code to} of {@code shape}, 10k conversations per chunk. */
        void insert(MongoDatabase database, int from, int to, IntFunction<ListingBench.Shape> shape) {
            InsertManyOptions unordered = new InsertManyOptions().ordered(false);
            for (int chunk = from; chunk < to; chunk += CHUNK) {
                List<Document> conversations = new ArrayList<>();
                List<Document> entries = new ArrayList<>();
                for (int i = chunk; i < Math.min(to, chunk + CHUNK); i++) {
                    ListingBench.Shape s = shape.apply(i);
                    Document c = clone(conversation.get(s.category()), s.id());
                    c.put("createdAt", s.createdAt());
                    conversations.add(c);
                    for (String user : s.users()) {
                        Document e = clone(entry.get(s.category()), s.id());
                        e.put(USER, user);
                        e.put("createdAt", s.createdAt());
                        e.put("joinedAt", s.lastActivityAt());
                        e.put("readUntil", s.lastActivityAt());
                        e.put("lastActivityAt", s.lastActivityAt());
                        entries.add(e);
                    }
                }
                database.getCollection(CONVERSATIONS).insertMany(conversations, unordered);
                database.getCollection(INBOX).insertMany(entries, unordered);
            }
        }

        private static Document clone(Document template, String id) {
            Document copy = new Document(template);
            copy.put("_id", new ObjectId());
            copy.put(CONVERSATION, id);
            copy.put(CONVERSATION_ORDER, id);
            return copy;
        }
    }
}
