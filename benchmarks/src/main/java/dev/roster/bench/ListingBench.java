package dev.roster.bench;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserPatch;
import dev.roster.jdbc.JdbcStorage;
import dev.roster.jdbc.internal.InboxSql;
import dev.roster.jdbc.internal.JdbcConversationStore;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Row 3 on PostgreSQL: the first page of 30 of one user's conversations, filtered on a custom
 * field, in each order and direction, through {@code roster.conversations().list(..)} over the
 * real JDBC store, in two databases that exist side by side: one where the user's 10k
 * participations are the whole table, one with the same 10k plus 990k participations of other
 * users (1M rows). Calls alternate between the two, so a change of machine load hits both alike. Data goes in with {@code COPY}, row values
 * copied from template rows that Roster itself wrote, so the bulk has exactly Roster's format.
 */
final class ListingBench {

    static final String OWNER = "owner";
    static final int OWN = 10_000;
    static final int TOTAL = 1_000_000;
    static final int PAGE = 30;
    static final long T0 = 1_700_000_000_000L;

    private ListingBench() {
    }

    /** The filter of every listing: a third of the owner's conversations match it. */
    static ConversationFilter filter() {
        return ConversationFilter.parse(Map.of("custom", Map.of("category", List.of("==", "support"))));
    }

    static String category(int i) {
        return i % 3 == 0 ? "support" : i % 3 == 1 ? "sales" : "billing";
    }

    static List<Row> run(Settings settings, Report report) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (BenchDatabase small = BenchDatabase.create("postgresql");
             BenchDatabase large = BenchDatabase.create("postgresql")) {
            JdbcStorage smallStorage = JdbcStorage.open(small.url());
            JdbcStorage largeStorage = JdbcStorage.open(large.url());
            try (Roster smallRoster = Roster.builder().storage(smallStorage).build();
                 Roster largeRoster = Roster.builder().storage(largeStorage).build()) {
                long start = System.nanoTime();
                fillOwner(smallRoster, small);
                double ownSeconds = (System.nanoTime() - start) / 1e9;
                report.fact("row3.postgresql.generate10kSeconds", round(ownSeconds));
                Templates largeTemplates = fillOwner(largeRoster, large);
                Random random = new Random(9);
                start = System.nanoTime();
                largeTemplates.copy(large, 0, (TOTAL - OWN) / 2, i -> new Shape("c-bulk-" + pad(i), category(i),
                        new String[] {"other-" + random.nextInt(10_000), "other-" + (10_000 + random.nextInt(10_000))},
                        T0 + random.nextInt(1_000_000_000), T0 + random.nextInt(1_000_000_000)));
                analyze(large);
                double bulkSeconds = (System.nanoTime() - start) / 1e9;
                report.fact("row3.postgresql.generate990kSeconds", round(bulkSeconds));
                report.fact("row3.postgresql.entryRows", Map.of("small", count(small, "roster_entry"),
                        "large", count(large, "roster_entry")));
                for (ConversationOrder order : ConversationOrder.values()) {
                    for (SortDirection direction : SortDirection.values()) {
                        ConversationQuery query = ConversationQuery.builder(OWNER).order(order).direction(direction)
                                .filter(filter()).limit(PAGE).build();
                        double[][] pair = Latency.measurePair(page(smallRoster, query), page(largeRoster, query),
                                settings.scaled(100), settings.scaled(300), settings.scaled(10_000));
                        rows.add(Row.atMost(3, "list page of 30, custom filter, " + order.wire() + " " + direction
                                        + ", 1M rows (PostgreSQL)", "same user, 10k rows", pair[1][0], pair[0][0],
                                "ms (median)", 1.2, String.format(Locale.ROOT,
                                        "p90 %.2f ms vs %.2f ms; calls alternate between the two databases, each first in turn; data: 10k "
                                                + "in %.1f s, 990k in %.1f s by COPY",
                                        pair[1][1], pair[0][1], ownSeconds, bulkSeconds)));
                    }
                }
                report.fact("row3.postgresql.plan1M", explain(largeStorage, large));
            } finally {
                smallStorage.close();
                largeStorage.close();
            }
        }
        return rows;
    }

    /** The app, the owner and the owner's 10k conversations, the same in every database (fixed seed). */
    private static Templates fillOwner(Roster roster, BenchDatabase database) throws SQLException {
        BenchUsers.seed(roster, 0);
        roster.upsertUser(BenchUsers.APP, OWNER, UserPatch.builder().name("Owner").build());
        Templates templates = Templates.capture(roster, database);
        Random random = new Random(8);
        templates.copy(database, 0, OWN, i -> new Shape("c-own-" + pad(i), category(i),
                new String[] {OWNER}, T0 + random.nextInt(1_000_000_000), T0 + random.nextInt(1_000_000_000)));
        analyze(database);
        return templates;
    }

    private static Runnable page(Roster roster, ConversationQuery query) {
        return () -> {
            int size = roster.conversations().list(BenchUsers.APP, query).size();
            if (size != PAGE) {
                throw new IllegalStateException("Expected a full page, got " + size);
            }
        };
    }

    private static String explain(JdbcStorage storage, BenchDatabase database) throws SQLException {
        ConversationQuery query = ConversationQuery.builder(OWNER).order(ConversationOrder.LAST_ACTIVITY)
                .direction(SortDirection.DESC).filter(filter()).limit(PAGE).build();
        InboxSql sql = ((JdbcConversationStore) storage.conversations()).inboxSql(BenchUsers.APP, query, null);
        StringBuilder plan = new StringBuilder();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql.sql())) {
            for (int i = 0; i < sql.parameters().size(); i++) {
                statement.setObject(i + 1, sql.parameters().get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private static void analyze(BenchDatabase database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE roster_entry");
            statement.execute("ANALYZE roster_conversation");
            statement.execute("ANALYZE roster_conversation_custom");
        }
    }

    private static long count(BenchDatabase database, String table) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String pad(int i) {
        return String.format("%07d", i);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** What varies between generated conversations. */
    record Shape(String id, String category, String[] users, long createdAt, long lastActivityAt) {
    }

    /**
     * Rows Roster wrote for one conversation per category (one participant), read back column by
     * column, to be copied with new ids and times.
     */
    record Templates(Map<String, Map<String, String>> conversation, Map<String, Map<String, String>> custom,
                     Map<String, Map<String, String>> entry) {

        static Templates capture(Roster roster, BenchDatabase database) throws SQLException {
            Map<String, Map<String, String>> conversation = new LinkedHashMap<>();
            Map<String, Map<String, String>> custom = new LinkedHashMap<>();
            Map<String, Map<String, String>> entry = new LinkedHashMap<>();
            for (String category : List.of("support", "sales", "billing")) {
                String id = "template-" + category;
                roster.conversations().upsert(BenchUsers.APP, id, ConversationPatch.fromJson(Map.of(
                        "subject", "Generated", "participants", List.of(OWNER),
                        "custom", Map.of("category", category)), id));
                try (Connection connection = database.connect()) {
                    conversation.put(category, row(connection, "roster_conversation", id));
                    custom.put(category, row(connection, "roster_conversation_custom", id));
                    entry.put(category, row(connection, "roster_entry", id));
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM roster_entry WHERE conversation_id = ?; "
                                    + "DELETE FROM roster_conversation_custom WHERE conversation_id = ?; "
                                    + "DELETE FROM roster_conversation WHERE conversation_id = ?")) {
                        delete.setString(1, id);
                        delete.setString(2, id);
                        delete.setString(3, id);
                        delete.execute();
                    }
                }
            }
            return new Templates(conversation, custom, entry);
        }

        private static Map<String, String> row(Connection connection, String table, String id) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table
                    + " WHERE conversation_id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new IllegalStateException("Roster wrote no " + table + " row for " + id);
                    }
                    ResultSetMetaData meta = rows.getMetaData();
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        values.put(meta.getColumnName(c), rows.getString(c));
                    }
                    if (rows.next()) {
                        throw new IllegalStateException("Expected one " + table + " row for " + id);
                    }
                    return values;
                }
            }
        }

        /** COPYs conversations {@code from} until {@code to} of {@code shape}, 20k per COPY. */
        void copy(BenchDatabase database, int from, int to, IntFunction<Shape> shape) throws SQLException {
            try (Connection connection = database.connect()) {
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (int chunk = from; chunk < to; chunk += 20_000) {
                    StringBuilder conversations = new StringBuilder();
                    StringBuilder customs = new StringBuilder();
                    StringBuilder entries = new StringBuilder();
                    for (int i = chunk; i < Math.min(to, chunk + 20_000); i++) {
                        Shape s = shape.apply(i);
                        Map<String, String> c = new LinkedHashMap<>(conversation.get(s.category()));
                        c.put("conversation_id", s.id());
                        c.put("created_at", Long.toString(s.createdAt()));
                        line(conversations, c);
                        Map<String, String> k = new LinkedHashMap<>(custom.get(s.category()));
                        k.put("conversation_id", s.id());
                        line(customs, k);
                        for (String user : s.users()) {
                            Map<String, String> e = new LinkedHashMap<>(entry.get(s.category()));
                            e.put("conversation_id", s.id());
                            e.put("user_id", user);
                            e.put("created_at", Long.toString(s.createdAt()));
                            e.put("joined_at", Long.toString(s.lastActivityAt()));
                            e.put("read_until", Long.toString(s.lastActivityAt()));
                            e.put("last_activity_at", Long.toString(s.lastActivityAt()));
                            line(entries, e);
                        }
                    }
                    copy.copyIn("COPY roster_conversation (" + columns(conversation) + ") FROM STDIN",
                            new StringReader(conversations.toString()));
                    copy.copyIn("COPY roster_conversation_custom (" + columns(custom) + ") FROM STDIN",
                            new StringReader(customs.toString()));
                    copy.copyIn("COPY roster_entry (" + columns(entry) + ") FROM STDIN",
                            new StringReader(entries.toString()));
                }
            } catch (IOException e) {
                throw new SQLException("COPY failed", e);
            }
        }

        private static String columns(Map<String, Map<String, String>> template) {
            return String.join(", ", template.values().iterator().next().keySet());
        }

        private static void line(StringBuilder out, Map<String, String> values) {
            boolean first = true;
            for (String value : values.values()) {
                if (!first) {
                    out.append('\t');
                }
                first = false;
                if (value == null) {
                    out.append("\\N");
                } else {
                    out.append(value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"));
                }
            }
            out.append('\n');
        }
    }
}
