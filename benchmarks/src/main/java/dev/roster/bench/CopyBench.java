package dev.roster.bench;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.User;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.core.spi.UserWrite;
import dev.roster.server.copy.CopyProgress;
import dev.roster.server.copy.StoreCopy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Row 10 (issue 18): {@code StoreCopy} from an H2 file into PostgreSQL, items (users and messages)
 * per second, against a raw JDBC batch insert of the same rows into the same tables of a second
 * PostgreSQL schema: 500 rows per batch, one transaction per batch, ready-made column values. The
 * short run copies 20k users and 100k messages (200 conversations of 500); {@code --long} 100k users
 * and 1M messages (1,000 of 1,000). Target: copy at ≥ 0.5 of the raw rate.
 */
final class CopyBench {

    private static final String APP = "copy-bench";
    private static final int BATCH = 500;
    private static final long T0 = 1_700_000_000_000L;

    private CopyBench() {
    }

    static List<Row> run(Settings settings) throws Exception {
        int users = settings.careful() ? 100_000 : 20_000;
        int conversations = settings.careful() ? 1_000 : 200;
        int perConversation = settings.careful() ? 1_000 : 500;
        long items = users + (long) conversations * perConversation;
        try (BenchDatabase source = BenchDatabase.create("h2file");
             BenchDatabase target = BenchDatabase.create("postgresql");
             BenchDatabase raw = BenchDatabase.create("postgresql")) {
            try (Storage from = StorageProvider.openUrl(source.url())) {
                seed(from, users, conversations, perConversation);
            }
            try (Storage empty = StorageProvider.openUrl(raw.url())) {
                empty.apps().save(app());
            }
            long start = System.nanoTime();
            rawInsert(raw, users, conversations, perConversation);
            double rawSeconds = (System.nanoTime() - start) / 1e9;
            double copySeconds;
            CopyProgress done;
            try (Storage from = StorageProvider.openUrl(source.url()); Storage to = StorageProvider.openUrl(target.url())) {
                start = System.nanoTime();
                done = StoreCopy.between(from, to).copy();
                copySeconds = (System.nanoTime() - start) / 1e9;
            }
            if (done.written().users() != users || done.written().messages() != (long) conversations * perConversation) {
                throw new IllegalStateException("the copy wrote " + done.written() + ", expected every item");
            }
            return List.of(Row.atLeast(10, String.format(Locale.ROOT, "copy H2 file → PostgreSQL, %dk users + %dk messages",
                            users / 1000, conversations * perConversation / 1000),
                    "raw JDBC batch insert of the same rows (500 per transaction)", items / copySeconds, items / rawSeconds,
                    "items/s", 0.5, String.format(Locale.ROOT, "copy %.1f s, raw %.1f s; the copy also reads the source "
                            + "and the target, writes participations, custom-key rows and change-log entries",
                            copySeconds, rawSeconds)));
        }
    }

    private static App app() {
        return new App(APP, "sk_test_copy_bench_copy_bench", AppSettings.defaults());
    }

    private static User user(int i) {
        return new User(String.format("user-%06d", i), "User " + i, List.of("u" + i + "@example.com"), List.of(),
                null, null, User.DEFAULT_ROLE, null, new TreeMap<>(Map.of("tier", "t" + i % 3)), new TreeSet<>(), null,
                T0 + i);
    }

    private static Message message(int conversation, int m) {
        return new Message(String.format("msg_%05d_%06d", conversation, m), conversationId(conversation),
                MessageType.USER_MESSAGE, "user-" + String.format("%06d", conversation * 2 + m % 2), "message " + m,
                new TreeMap<>(), T0 + m * 1000L, null, "rest", null, null);
    }

    private static String conversationId(int c) {
        return String.format("c-%05d", c);
    }

    /** The source through its SPI: users a thousand per write, each conversation's messages 500 per write. */
    private static void seed(Storage store, int users, int conversations, int perConversation) {
        store.apps().save(app());
        List<UserWrite> writes = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            writes.add(new UserWrite(user(i), 0));
            if (writes.size() == 1_000 || i == users - 1) {
                store.users().write(APP, writes);
                writes.clear();
            }
        }
        for (int c = 0; c < conversations; c++) {
            String id = conversationId(c);
            Conversation conversation = new Conversation(id, "Subject " + c, null, List.of(), new TreeMap<>(), T0, null);
            long last = T0 + (perConversation - 1) * 1000L;
            List<InboxEntry> entries = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                entries.add(new InboxEntry(String.format("user-%06d", c * 2 + p), id, Access.READ_WRITE, Notify.ALL, T0,
                        T0, false, T0, "Subject " + c, new TreeMap<>(), last, last, perConversation / 2));
            }
            long version = 0;
            for (int from = perConversation - 1; from >= 0; from -= BATCH) {
                List<Message> page = new ArrayList<>();
                for (int m = from; m > from - BATCH && m >= 0; m--) {
                    page.add(message(c, m));
                }
                String lastId = message(c, perConversation - 1).id();
                store.conversations().write(APP, new ConversationWrite(id, version, conversation, lastId,
                        version == 0 ? entries : List.of(), Set.of(), page, Set.of()));
                version++;
            }
        }
    }

    /** The baseline: the same users and messages as plain INSERT batches into Roster's own tables. */
    private static void rawInsert(BenchDatabase database, int users, int conversations, int perConversation)
            throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO roster_user (app_id, user_id, "
                    + "version, name, email, phone, photo_url, welcome_message, role, locale, custom, push_tokens, "
                    + "availability_text, created_at) VALUES (?, ?, 1, ?, ?, '[]', NULL, NULL, 'default', NULL, ?, '[]', "
                    + "NULL, ?)")) {
                for (int i = 0; i < users; i++) {
                    User user = user(i);
                    insert.setString(1, APP);
                    insert.setString(2, user.id());
                    insert.setString(3, user.name());
                    insert.setString(4, "[\"" + user.email().get(0) + "\"]");
                    insert.setString(5, "{\"tier\":\"" + user.custom().get("tier") + "\"}");
                    insert.setLong(6, user.createdAt());
                    insert.addBatch();
                    if ((i + 1) % BATCH == 0 || i == users - 1) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO roster_message (app_id, "
                    + "conversation_id, message_id, message_type, sender_id, text, custom, created_at, edited_at, origin, "
                    + "referenced_message_id, idempotency_key) VALUES (?, ?, ?, 'UserMessage', ?, ?, '{}', ?, NULL, "
                    + "'rest', NULL, NULL)")) {
                int pending = 0;
                for (int c = 0; c < conversations; c++) {
                    for (int m = 0; m < perConversation; m++) {
                        Message message = message(c, m);
                        insert.setString(1, APP);
                        insert.setString(2, message.conversationId());
                        insert.setString(3, message.id());
                        insert.setString(4, message.senderId());
                        insert.setString(5, message.text());
                        insert.setLong(6, message.createdAt());
                        insert.addBatch();
                        if (++pending == BATCH) {
                            insert.executeBatch();
                            connection.commit();
                            pending = 0;
                        }
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
    }
}
