package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.RateLimit;
import dev.roster.core.domain.RateLimits;
import dev.roster.core.spi.AppStore;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Apps, one document each, keyed by app id. The app's token revocation is a field of its own
 * ({@value #TOKENS_REVOKED_BEFORE}) that {@link #save} leaves alone.
 */
final class MongoApps implements AppStore {

    private static final String TOKENS_REVOKED_BEFORE = "tokensRevokedBefore";

    private final MongoCollection<Document> apps;

    MongoApps(MongoCollection<Document> apps) {
        this.apps = apps;
    }

    @Override
    public Optional<App> find(String appId) {
        return MongoErrors.call("loading app " + appId,
                () -> Optional.ofNullable(apps.find(Filters.eq("_id", appId)).first()).map(MongoApps::decode));
    }

    @Override
    public void save(App app) {
        AppSettings s = app.settings();
        Document doc = new Document("secretKey", app.secretKey())
                .append("clientUserSync", s.clientUserSync())
                .append("clientConversationSync", s.clientConversationSync())
                .append("defaultLocale", s.defaultLocale())
                .append("roles", new ArrayList<>(s.roles()))
                .append("rateLimits", new Document("trusted", encode(s.rateLimits().trusted()))
                        .append("browser", encode(s.rateLimits().browser())))
                .append("legacySignatures", s.legacySignatures());
        MongoErrors.run("saving app " + app.id(),
                () -> apps.updateOne(Filters.eq("_id", app.id()), new Document("$set", doc), new UpdateOptions().upsert(true)));
    }

    /** {@inheritDoc} One update that keeps the later time ({@code $max}). */
    @Override
    public void revokeTokens(String appId, long before) {
        MongoErrors.run("revoking the tokens of app " + appId, () -> apps.updateOne(Filters.eq("_id", appId),
                Updates.max(TOKENS_REVOKED_BEFORE, before)));
    }

    @Override
    public Optional<Long> tokensRevokedBefore(String appId) {
        return MongoErrors.call("reading the token revocation of app " + appId, () -> Optional.ofNullable(
                apps.find(Filters.eq("_id", appId)).projection(Projections.include(TOKENS_REVOKED_BEFORE)).first())
                .map(d -> d.getLong(TOKENS_REVOKED_BEFORE)));
    }

    @Override
    public List<App> all() {
        return MongoErrors.call("listing apps", () -> {
            List<App> all = new ArrayList<>();
            apps.find().sort(Sorts.ascending("_id")).forEach(d -> all.add(decode(d)));
            all.sort((a, b) -> Ids.ORDER.compare(a.id(), b.id()));
            return all;
        });
    }

    private static App decode(Document d) {
        Document limits = d.get("rateLimits", new Document());
        AppSettings settings = new AppSettings(d.getBoolean("clientUserSync"), d.getBoolean("clientConversationSync"),
                d.getString("defaultLocale"), new TreeSet<>(d.getList("roles", String.class, List.of())),
                new RateLimits(decode(limits.get("trusted", Document.class), RateLimits.DEFAULTS.trusted()),
                        decode(limits.get("browser", Document.class), RateLimits.DEFAULTS.browser())),
                !Boolean.FALSE.equals(d.getBoolean("legacySignatures")));
        return new App(d.getString("_id"), d.getString("secretKey"), settings);
    }

    private static Document encode(RateLimit limit) {
        return new Document("perSecond", limit.perSecond()).append("burst", limit.burst());
    }

    /** The budget in {@code d}; an app saved before budgets existed has none and reads as {@code absent}. */
    private static RateLimit decode(Document d, RateLimit absent) {
        return d == null ? absent : new RateLimit(d.getInteger("perSecond"), d.getInteger("burst"));
    }
}
