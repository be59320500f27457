package dev.roster.spring;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Storage;
import dev.roster.micrometer.TimedStorage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.InstanceOfAssertFactories;

/** The health indicator and the meters, with Boot's own metrics auto-configuration, and without Actuator. */
class RosterActuatorTest {

    private static final String APP = "app_metrics";

    private final WebApplicationContextRunner withoutActuator = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    RosterAutoConfiguration.class, RosterHttpAutoConfiguration.class,
                    RosterMetricsAutoConfiguration.class, RosterHealthAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:actuator_" + UUID.randomUUID().toString().replace("-", ""),
                    "roster.apps[0].id=" + APP, "roster.apps[0].secret=sk_test_0123456789abcdef");

    private final WebApplicationContextRunner runner = withoutActuator.withConfiguration(AutoConfigurations.of(
            MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class));

    @Test
    void storeCallsAreTimedByOperationWithTheirBatchSizes() {
        runner.run(context -> {
            Roster roster = context.getBean(Roster.class);
            roster.upsertUsers(APP, Map.of("a", named("A"), "b", named("B"), "c", named("C")));
            roster.findUser(APP, "a");
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            assertThat(registry.get("roster.store.operations").tag("operation", "users.createOrLoad").tag("outcome", "success")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get("roster.store.operations").tag("operation", "apps.save").timer().count())
                    .as("the configured app was saved through the timed store").isEqualTo(1);
            assertThat(registry.get("roster.store.batch.size").tag("operation", "users.createOrLoad").summary().max())
                    .isEqualTo(3);
            assertThat(registry.get("roster.store.batch.size").tag("operation", "users.load").summary().count())
                    .isPositive();
        });
    }

    @Test
    void cacheChangeAndStreamMetersFollowTheRoster() {
        runner.run(context -> {
            Roster roster = context.getBean(Roster.class);
            roster.upsertUser(APP, "alice", named("Alice"));
            roster.session(APP, "bob").user("alice").get().join();
            roster.session(APP, "bob").user("nobody").get().join();
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            assertThat(registry.get("roster.cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("roster.cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("roster.cache.size").gauge().value()).isEqualTo(2);
            assertThat(registry.get("roster.cache.evictions").functionCounter().count()).isZero();
            assertThat(registry.get("roster.changes.lag").timeGauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("roster.changes.position").gauge().value()).isNotNegative();
            assertThat(registry.get("roster.streams.open").gauge().value()).isZero();
        });
    }

    @Test
    void theHealthIsUpWithTheFollowersProgressAndDownWhenTheStoreFails() {
        runner.run(context -> {
            HealthIndicator indicator = context.getBean("rosterHealthIndicator", HealthIndicator.class);
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("apps", 1).containsKey("changeFollower");
            assertThat(up.getDetails().get("changeFollower")).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsKeys("position", "lagMillis");

            try (Connection connection = context.getBean(DataSource.class).getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP ALL OBJECTS");
            }
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsKeys("error", "changeFollower");
        });
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.roster.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("rosterHealthIndicator").hasBean("rosterMeters"));
    }

    @Test
    void withoutActuatorRosterRunsWithoutMetersOrHealth() {
        withoutActuator.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Roster.class).hasBean("rosterServlet")
                            .doesNotHaveBean("rosterHealthIndicator").doesNotHaveBean("rosterMeters")
                            .doesNotHaveBean("rosterStorageTimers");
                    Roster roster = context.getBean(Roster.class);
                    roster.upsertUser(APP, "alice", named("Alice"));
                    assertThat(roster.findUser(APP, "alice")).isPresent();
                    assertThat(context.getBean(Storage.class)).isNotInstanceOf(TimedStorage.class);
                });
    }

    private static UserPatch named(String name) {
        return UserPatch.builder().name(name).build();
    }
}
