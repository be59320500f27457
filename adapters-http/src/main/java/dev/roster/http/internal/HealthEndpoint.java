package dev.roster.http.internal;

import dev.roster.core.api.Roster;
import dev.roster.core.api.RosterStats;
import dev.roster.http.HttpResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /health}, for load balancers and orchestrators: 200 {@code {"status": "UP"}} when the
 * store answers a read of the apps (one store call, never cached), 503 {@code {"status": "DOWN"}}
 * naming the store otherwise; the change follower's position and lag either way. A lagging
 * follower is reported, not turned into DOWN, as in the Spring Boot starter's indicator. The
 * store's error stays in the server log (logged when the store stops answering, not at every
 * check): the route is public.
 */
public final class HealthEndpoint {

    /** Where the health report is, on the wire. */
    public static final String PATH = "/health";

    private static final System.Logger LOG = System.getLogger(HealthEndpoint.class.getName());
    private static final String STORE_DOWN = "The store did not answer a read of the apps; the server log has the cause.";

    private final Roster roster;
    private final AtomicBoolean down = new AtomicBoolean();

    /** The health of {@code roster}'s store. */
    public HealthEndpoint(Roster roster) {
        this.roster = roster;
    }

    /** Adds the public {@code GET /health}. */
    public void register(Router router) {
        router.addPublic("GET", PATH, call -> {
            call.noQuery();
            return answer();
        });
    }

    private HttpResponse answer() {
        RosterStats stats = roster.stats();
        Map<String, Object> store = new LinkedHashMap<>();
        boolean up = storeAnswers();
        store.put("status", up ? "UP" : "DOWN");
        if (!up) {
            store.put("error", STORE_DOWN);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("store", store);
        Map<String, Object> follower = new LinkedHashMap<>();
        follower.put("position", stats.changePosition());
        follower.put("lagMillis", stats.changeLag().toMillis());
        body.put("changeFollower", follower);
        return HttpResponse.json(up ? 200 : 503, Json.write(body)).withHeader("Cache-Control", "no-store");
    }

    private boolean storeAnswers() {
        try {
            roster.allApps();
        } catch (RuntimeException e) {
            if (!down.getAndSet(true)) {
                LOG.log(System.Logger.Level.WARNING, "Health: the store does not answer; /health reports DOWN until it does", e);
            }
            return false;
        }
        if (down.getAndSet(false)) {
            LOG.log(System.Logger.Level.INFO, "Health: the store answers again");
        }
        return true;
    }
}
