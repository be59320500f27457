package dev.roster.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.spi.AppStore;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.WebhookStore;
import dev.roster.jdbc.internal.Failures;
import dev.roster.jdbc.internal.H2Durability;
import dev.roster.jdbc.internal.JdbcAppStore;
import dev.roster.jdbc.internal.JdbcChangeLog;
import dev.roster.jdbc.internal.JdbcConversationStore;
import dev.roster.jdbc.internal.JdbcPresenceStore;
import dev.roster.jdbc.internal.JdbcUserStore;
import dev.roster.jdbc.internal.JdbcWebhookStore;
import dev.roster.jdbc.internal.PostgresChangeListener;
import dev.roster.jdbc.internal.PostgresAnalyzer;
import dev.roster.jdbc.internal.PostgresChangeNotifier;
import dev.roster.jdbc.internal.SchemaMigration;
import dev.roster.jdbc.internal.WriteGate;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.NoTemplateEngine;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Every Roster port on one SQL database (H2, PostgreSQL or MariaDB), over Jdbi and a HikariCP
 * pool. Opening it migrates the schema unless told not to. Thread-safe; close it to release the
 * pool.
 *
 * <p>A write returns only once it is stored: on an H2 file, opening sets the database's
 * {@code WRITE_DELAY} to 0 so that every commit reaches the file before it returns (H2's default
 * of 500 ms loses the last half second of acknowledged writes when the process is killed). A URL
 * that sets {@code WRITE_DELAY} itself keeps its value. Writes to an H2 file run one at a time, so
 * that no commit reaches the file before one it depends on, and an H2 file Roster opens from a URL
 * gets {@code REUSE_SPACE=FALSE}, without which a second kill after a restart can lose acknowledged
 * writes; a {@link javax.sql.DataSource} of your own should set it in its URL too (see
 * {@code docs/jdbc.md}).
 */
public final class JdbcStorage implements Storage {

    private final Dialect dialect;
    private final DataSource dataSource;
    private final AutoCloseable ownedPool;
    private final Set<Capability> capabilities;
    private final AppStore apps;
    private final UserStore users;
    private final PresenceStore presence;
    private final JdbcConversationStore conversations;
    private final ChangeLog changes;
    private final WebhookStore webhooks;
    private final PostgresChangeListener listener;
    private final PostgresChangeNotifier notifier;
    private final PostgresAnalyzer analyzer;

    private JdbcStorage(Builder builder) {
        this.dialect = builder.dialect;
        if (builder.dataSource != null) {
            this.dataSource = builder.dataSource;
            this.ownedPool = null;
        } else {
            HikariDataSource pool = openPool(builder);
            this.dataSource = pool;
            this.ownedPool = pool;
        }
        boolean onFile;
        try {
            if (builder.autoMigrate) {
                SchemaMigration.migrate(dataSource, dialect);
            } else {
                SchemaMigration.verify(dataSource);
            }
            onFile = dialect == Dialect.H2 && H2Durability.commitToFile(dataSource);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        Jdbi jdbi = Jdbi.create(dataSource);
        // SQL is built with plain '?' placeholders; no template syntax may rewrite it.
        jdbi.setTemplateEngine(new NoTemplateEngine());
        WriteGate gate = onFile ? WriteGate.oneAtATime() : WriteGate.open();
        this.apps = new JdbcAppStore(jdbi, dialect, gate);
        this.notifier = dialect == Dialect.POSTGRESQL ? new PostgresChangeNotifier(dataSource) : null;
        Runnable appended = notifier == null ? () -> { } : notifier::appended;
        JdbcUserStore userStore = new JdbcUserStore(jdbi, dataSource, dialect, gate, appended);
        userStore.backfill();
        this.users = userStore;
        this.presence = new JdbcPresenceStore(jdbi, dialect, gate);
        this.conversations = new JdbcConversationStore(jdbi, dialect, gate, appended);
        this.listener = dialect == Dialect.POSTGRESQL ? new PostgresChangeListener(listenerConnections(builder)) : null;
        this.changes = new JdbcChangeLog(jdbi, dialect, listener);
        this.webhooks = new JdbcWebhookStore(jdbi, dialect, gate);
        this.capabilities = capabilities(dialect, builder.url);
        this.analyzer = dialect == Dialect.POSTGRESQL ? new PostgresAnalyzer(dataSource) : null;
    }

    /**
     * Opens the store at a JDBC URL with auto-migration on, for example
     * {@code jdbc:h2:./roster-data/roster}, {@code jdbc:postgresql://host:5432/db?user=roster} or
     * {@code jdbc:mariadb://host:3306/db?user=roster}.
     *
     * @param url the JDBC URL
     * @return the open store
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} for an unsupported URL,
     *                         {@link ErrorCode#UNAVAILABLE} if the database cannot be reached
     */
    public static JdbcStorage open(String url) {
        return builder(url).build();
    }

    /**
     * A builder for the store at {@code url}.
     *
     * @param url the JDBC URL
     * @return the builder
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} if no supported engine has this URL
     */
    public static Builder builder(String url) {
        return new Builder(Dialect.of(Objects.requireNonNull(url, "url")), url);
    }

    /**
     * A builder over the caller's data source (for example the one a Spring Boot application
     * configures), which {@link JdbcStorage#close()} leaves open. The dialect is detected from the
     * database the data source connects to: this borrows one connection and reads its metadata.
     *
     * @param dataSource the caller's data source
     * @return a builder that uses it
     * @throws RosterException {@link ErrorCode#UNAVAILABLE} if no connection can be had,
     *                         {@link ErrorCode#INVALID_ARGUMENT} if the database is not H2,
     *                         PostgreSQL or MariaDB
     */
    public static Builder builder(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        String product;
        String url;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            product = metadata.getDatabaseProductName();
            url = metadata.getURL();
        } catch (SQLException e) {
            throw RosterException.of(ErrorCode.UNAVAILABLE,
                    "Cannot open a connection from the data source to detect its database: " + e.getMessage(), e);
        }
        return new Builder(dialectOfProduct(product), url).dataSource(dataSource);
    }

    /**
     * The whole schema's DDL for {@code dialect}, including the schema-version rows, for users who
     * run their own migration tool and open the store with {@link Builder#autoMigrate(boolean)} off.
     *
     * @param dialect the engine
     * @return the DDL script
     */
    public static String ddl(Dialect dialect) {
        return SchemaMigration.script(dialect);
    }

    /** {@return this store's engine} */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public AppStore apps() {
        return apps;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public PresenceStore presence() {
        return presence;
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public ChangeLog changes() {
        return changes;
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * Closes the connection pool this store opened and, on PostgreSQL, the listening connection,
     * after the notifier sent what it still had to; a data source given to the builder stays open.
     */
    @Override
    public void close() {
        if (analyzer != null) {
            analyzer.close();
        }
        if (notifier != null) {
            notifier.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (ownedPool != null) {
            try {
                ownedPool.close();
            } catch (Exception e) {
                throw Failures.translate("closing the connection pool", e);
            }
        }
    }

    private static HikariDataSource openPool(Builder builder) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(builder.dialect == Dialect.H2 ? H2Durability.fileUrl(builder.url) : builder.url);
        config.setMaximumPoolSize(builder.maxPoolSize);
        config.setPoolName("roster-" + builder.dialect.folder());
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw RosterException.of(ErrorCode.UNAVAILABLE,
                    "Cannot open a connection to " + redact(builder.url) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The listening connection stays open for the store's lifetime, so it does not come from the
     * store's own pool, where it would hold a slot forever; a caller's data source is the only
     * way to reach their database, so there it is borrowed for good.
     */
    private static PostgresChangeListener.ConnectionSource listenerConnections(Builder builder) {
        DataSource given = builder.dataSource;
        String url = builder.url;
        return given != null ? given::getConnection : () -> DriverManager.getConnection(url);
    }

    /**
     * PostgreSQL and MariaDB give both. H2 is shared only over TCP or with {@code AUTO_SERVER}, and
     * does not isolate: while a conversation write commits, a later statement of a reader can see
     * an older row than an earlier one saw, so a read may pair parts of two writes
     * ({@code docs/jdbc.md}, "Reads on H2").
     */
    private static Set<Capability> capabilities(Dialect dialect, String url) {
        if (dialect != Dialect.H2) {
            return EnumSet.of(Capability.ISOLATED_MULTI_WRITES, Capability.SHARED_BETWEEN_PROCESSES);
        }
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        boolean shared = lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:")
                || lower.contains(";auto_server=true");
        return shared ? EnumSet.of(Capability.SHARED_BETWEEN_PROCESSES) : EnumSet.noneOf(Capability.class);
    }

    private static Dialect dialectOfProduct(String product) {
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return Dialect.H2;
        }
        if (name.equals("postgresql")) {
            return Dialect.POSTGRESQL;
        }
        if (name.equals("mariadb")) {
            return Dialect.MARIADB;
        }
        throw RosterException.of(ErrorCode.INVALID_ARGUMENT,
                "The data source connects to " + product + "; Roster's JDBC store supports H2, PostgreSQL and MariaDB.");
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * Options of a {@link JdbcStorage}; every option has a default. The setters only record;
     * {@link #build()} checks every option at once.
     */
    public static final class Builder {

        private final Dialect dialect;
        private final String url;
        private DataSource dataSource;
        private boolean autoMigrate = true;
        private int maxPoolSize = 10;

        private Builder(Dialect dialect, String url) {
            this.dialect = dialect;
            this.url = url;
        }

        /**
         * Uses the caller's data source instead of opening a pool; the URL then only names the
         * dialect, and {@link JdbcStorage#close()} leaves the data source open.
         *
         * @param dataSource the caller's data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Whether opening the store applies missing migration steps (default on). Off, opening
         * checks the schema version and fails if the schema is not current; apply
         * {@link JdbcStorage#ddl(Dialect)} yourself.
         *
         * @param enabled whether opening migrates
         * @return this builder
         */
        public Builder autoMigrate(boolean enabled) {
            this.autoMigrate = enabled;
            return this;
        }

        /**
         * The most connections the pool opens, at least 1 (default 10).
         *
         * @param size the pool size
         * @return this builder
         */
        public Builder maxPoolSize(int size) {
            this.maxPoolSize = size;
            return this;
        }

        /**
         * Opens the store: connects, then migrates or checks the schema.
         *
         * @return the open store
         * @throws IllegalArgumentException naming the option, if an option is out of range
         * @throws RosterException          {@link ErrorCode#UNAVAILABLE} if the database cannot be
         *                                  reached or its schema is not usable
         */
        public JdbcStorage build() {
            if (maxPoolSize < 1) {
                throw new IllegalArgumentException("maxPoolSize must be at least 1; got " + maxPoolSize);
            }
            return new JdbcStorage(this);
        }
    }
}
