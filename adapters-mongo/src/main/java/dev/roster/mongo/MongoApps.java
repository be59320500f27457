package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
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

/** Apps, one document each, keyed by app id. */
final class MongoApps implements AppStore {

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
        Document doc = new Document("_id", app.id())
                .append("secretKey", app.secretKey())
                .append("clientUserSync", s.clientUserSync())
                .append("clientConversationSync", s.clientConversationSync())
                .append("defaultLocale", s.defaultLocale())
                .append("roles", new ArrayList<>(s.roles()))
                .append("rateLimits", new Document("trusted", encode(s.rateLimits().trusted()))
                        .append("browser", encode(s.rateLimits().browser())));
        MongoErrors.run("saving app " + app.id(),
                () -> apps.replaceOne(Filters.eq("_id", app.id()), doc, new ReplaceOptions().upsert(true)));
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
                        decode(limits.get("browser", Document.class), RateLimits.DEFAULTS.browser())));
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
