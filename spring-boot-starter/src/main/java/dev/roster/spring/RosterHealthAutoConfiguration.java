package dev.roster.spring;

import dev.roster.core.api.Roster;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code roster} health indicator, when Spring Boot's health support is on the class path
 * (Actuator brings it) and {@code management.health.roster.enabled} is not false.
 */
@AutoConfiguration(after = RosterAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class RosterHealthAutoConfiguration {

    /**
     * Reports the store reachable or not, with the change follower's position and lag. (The
     * enabled check sits here, not on the class: its annotation is only loadable with health support.)
     */
    @Bean
    @ConditionalOnMissingBean(name = "rosterHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("roster")
    HealthIndicator rosterHealthIndicator(Roster roster) {
        return new RosterHealthIndicator(roster);
    }
}
