package dev.roster.spring;

import dev.roster.core.api.Roster;
import dev.roster.core.api.RosterStats;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Map;

/**
 * UP when the store answers a read of the apps (one store call per check), DOWN with the error
 * otherwise; the details carry the number of apps and the change follower's position and lag.
 */
final class RosterHealthIndicator implements HealthIndicator {

    private final Roster roster;

    RosterHealthIndicator(Roster roster) {
        this.roster = roster;
    }

    @Override
    public Health health() {
        RosterStats stats = roster.stats();
        Health.Builder health;
        try {
            health = Health.up().withDetail("apps", roster.allApps().size());
        } catch (RuntimeException e) {
            health = Health.down(e);
        }
        return health.withDetail("changeFollower",
                Map.of("position", stats.changePosition(), "lagMillis", stats.changeLag().toMillis())).build();
    }
}
