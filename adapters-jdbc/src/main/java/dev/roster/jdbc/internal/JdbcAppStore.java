package dev.roster.jdbc.internal;

import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.RateLimit;
import dev.roster.core.domain.RateLimits;
import dev.roster.core.spi.AppStore;
import dev.roster.jdbc.Dialect;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Apps in {@code roster_app}, one row each. */
public final class JdbcAppStore implements AppStore {

    private static final String COLUMNS = "app_id, secret_key, client_user_sync, client_conversation_sync, "
            + "default_locale, roles, trusted_per_second, trusted_burst, browser_per_second, browser_burst, "
            + "legacy_signatures";
    private static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    private static final RowMapper<App> MAPPER = (rows, context) -> new App(rows.getString("app_id"),
            rows.getString("secret_key"),
            new AppSettings(rows.getBoolean("client_user_sync"), rows.getBoolean("client_conversation_sync"),
                    rows.getString("default_locale"), JsonColumns.set(rows.getString("roles")),
                    new RateLimits(limit(rows, "trusted", RateLimits.DEFAULTS.trusted()),
                            limit(rows, "browser", RateLimits.DEFAULTS.browser())),
                    !Boolean.FALSE.equals(rows.getObject("legacy_signatures", Boolean.class))));

    private final Jdbi jdbi;
    private final WriteGate gate;
    private final String upsert;

    /** A store over {@code jdbi}, whose schema is migrated. */
    public JdbcAppStore(Jdbi jdbi, Dialect dialect, WriteGate gate) {
        this.jdbi = jdbi;
        this.gate = gate;
        String insert = "INSERT INTO roster_app (" + COLUMNS + ") VALUES (" + PLACEHOLDERS + ")";
        switch (dialect) {
            case POSTGRESQL:
                this.upsert = insert + " ON CONFLICT (app_id) DO UPDATE SET secret_key = EXCLUDED.secret_key, "
                        + "client_user_sync = EXCLUDED.client_user_sync, "
                        + "client_conversation_sync = EXCLUDED.client_conversation_sync, "
                        + "default_locale = EXCLUDED.default_locale, roles = EXCLUDED.roles, "
                        + "trusted_per_second = EXCLUDED.trusted_per_second, trusted_burst = EXCLUDED.trusted_burst, "
                        + "browser_per_second = EXCLUDED.browser_per_second, browser_burst = EXCLUDED.browser_burst, "
                        + "legacy_signatures = EXCLUDED.legacy_signatures";
                break;
            case MARIADB:
                this.upsert = insert + " ON DUPLICATE KEY UPDATE secret_key = VALUES(secret_key), "
                        + "client_user_sync = VALUES(client_user_sync), "
                        + "client_conversation_sync = VALUES(client_conversation_sync), "
                        + "default_locale = VALUES(default_locale), roles = VALUES(roles), "
                        + "trusted_per_second = VALUES(trusted_per_second), trusted_burst = VALUES(trusted_burst), "
                        + "browser_per_second = VALUES(browser_per_second), browser_burst = VALUES(browser_burst), "
                        + "legacy_signatures = VALUES(legacy_signatures)";
                break;
            default:
                this.upsert = "MERGE INTO roster_app (" + COLUMNS + ") KEY (app_id) VALUES (" + PLACEHOLDERS + ")";
                break;
        }
    }

    @Override
    public Optional<App> find(String appId) {
        return Failures.call("finding app " + appId, () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM roster_app WHERE app_id = ?")
                .bind(0, appId).map(MAPPER).findOne()));
    }

    @Override
    public void save(App app) {
        Failures.run("saving app " + app.id(), () -> gate.write(() -> jdbi.withHandle(handle -> handle.createUpdate(upsert)
                .bind(0, app.id())
                .bind(1, app.secretKey())
                .bind(2, app.settings().clientUserSync())
                .bind(3, app.settings().clientConversationSync())
                .bind(4, app.settings().defaultLocale())
                .bind(5, JsonColumns.write(app.settings().roles()))
                .bind(6, app.settings().rateLimits().trusted().perSecond())
                .bind(7, app.settings().rateLimits().trusted().burst())
                .bind(8, app.settings().rateLimits().browser().perSecond())
                .bind(9, app.settings().rateLimits().browser().burst())
                .bind(10, app.settings().legacySignatures())
                .execute())));
    }

    /** {@inheritDoc} One {@code UPDATE} that keeps the later time, so concurrent revocations never lose the later one. */
    @Override
    public void revokeTokens(String appId, long before) {
        Failures.run("revoking the tokens of app " + appId, () -> gate.write(() -> jdbi.withHandle(handle -> handle
                .createUpdate("UPDATE roster_app SET tokens_revoked_before = CASE WHEN tokens_revoked_before IS NULL "
                        + "OR tokens_revoked_before < ? THEN ? ELSE tokens_revoked_before END WHERE app_id = ?")
                .bind(0, before)
                .bind(1, before)
                .bind(2, appId)
                .execute())));
    }

    @Override
    public Optional<Long> tokensRevokedBefore(String appId) {
        return Failures.call("reading the token revocation of app " + appId, () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT tokens_revoked_before FROM roster_app WHERE app_id = ?")
                .bind(0, appId)
                .map((rows, context) -> Optional.ofNullable(rows.getObject(1, Long.class)))
                .findOne().flatMap(revoked -> revoked)));
    }

    /** The budget in columns {@code <prefix>_per_second} and {@code <prefix>_burst}; null columns read as {@code absent}. */
    private static RateLimit limit(ResultSet rows, String prefix, RateLimit absent) throws SQLException {
        int perSecond = rows.getInt(prefix + "_per_second");
        if (rows.wasNull()) {
            return absent;
        }
        return new RateLimit(perSecond, rows.getInt(prefix + "_burst"));
    }

    @Override
    public List<App> all() {
        List<App> apps = Failures.call("listing apps", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM roster_app").map(MAPPER).list()));
        // Apps are few; sorting here gives code-point order on every engine without a sort column.
        return apps.stream().sorted(Comparator.comparing(App::id, Ids.ORDER)).toList();
    }
}
