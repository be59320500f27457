package dev.roster.spring;

import dev.roster.core.api.Roster;
import dev.roster.http.RestApi;
import dev.roster.micrometer.RosterMeters;
import dev.roster.micrometer.TimedStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters prefixed {@code roster.}, when Micrometer is on the class path (Actuator brings
 * it): store calls timed by operation with their batch sizes, the user cache's hits, misses,
 * evictions and size, the change follower's position and lag, and the open event streams. The
 * meters are {@code roster-micrometer}'s, the same as the standalone server's.
 */
@AutoConfiguration(after = RosterAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public class RosterMetricsAutoConfiguration {

    /** Times the auto-configured Roster's store calls on the application's meter registry, if it has one. */
    @Bean
    @ConditionalOnMissingBean(name = "rosterStorageTimers")
    RosterStorageDecorator rosterStorageTimers(ObjectProvider<MeterRegistry> registries) {
        return storage -> {
            MeterRegistry registry = registries.getIfUnique();
            return registry == null ? storage : new TimedStorage(storage, registry);
        };
    }

    /** The meters of what the Roster and the API count themselves. */
    @Bean
    @ConditionalOnMissingBean(name = "rosterMeters")
    MeterBinder rosterMeters(Roster roster, ObjectProvider<RestApi> api) {
        return registry -> {
            RestApi restApi = api.getIfUnique();
            new RosterMeters(roster, restApi == null ? null : restApi::openStreams).bindTo(registry);
        };
    }
}
