package dev.roster.spring;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.WebhookSettings;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.WebhookReply;
import dev.roster.core.spi.WebhookTransport;
import dev.roster.http.JdkWebhookTransport;
import dev.roster.jdbc.Dialect;
import dev.roster.jdbc.JdbcStorage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the auto-configured Roster keeps its data, which apps it saves, and when it backs off. */
class RosterAutoConfigurationTest {

    private static final String SECRET = "sk_test_0123456789abcdef";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RosterAutoConfiguration.class));

    @Test
    void theApplicationsDataSourceHoldsRostersTablesAndTheConfiguredApps() {
        runner.withPropertyValues(dataSourceUrl(), "roster.apps[0].id=app_ds", "roster.apps[0].secret=" + SECRET)
                .run(context -> {
                    assertThat(context).hasSingleBean(Roster.class).hasSingleBean(Storage.class);
                    assertThat(context.getBean(Storage.class)).isInstanceOfSatisfying(JdbcStorage.class,
                            store -> assertThat(store.dialect()).isEqualTo(Dialect.H2));
                    Roster roster = context.getBean(Roster.class);
                    assertThat(roster.app("app_ds").secretKey()).isEqualTo(SECRET);
                    roster.upsertUser("app_ds", "alice", UserPatch.builder().name("Alice").build());
                    assertThat(countUsers(context.getBean(DataSource.class), "app_ds")).isEqualTo(1);
                });
    }

    @Test
    void withAutoMigrateOffAnEmptyDatabaseFailsTheStart() {
        runner.withPropertyValues(dataSourceUrl(), "roster.jdbc.auto-migrate=false")
                .run(context -> assertThat(context).getFailure()
                        .rootCause().hasMessageContaining("schema"));
    }

    @Test
    void theStorageUrlWinsOverTheDataSource() {
        runner.withPropertyValues(dataSourceUrl(), "roster.storage-url=jdbc:h2:mem:other_" + suffix(),
                        "roster.apps[0].id=app_url", "roster.apps[0].secret=" + SECRET)
                .run(context -> {
                    Roster roster = context.getBean(Roster.class);
                    roster.upsertUser("app_url", "alice", UserPatch.builder().name("Alice").build());
                    assertThat(roster.findUser("app_url", "alice")).isPresent();
                    assertThat(hasRosterTables(context.getBean(DataSource.class)))
                            .as("the application's own database is left alone").isFalse();
                });
    }

    @Test
    void aStorageUrlAloneIsEnough() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RosterAutoConfiguration.class))
                .withPropertyValues("roster.storage-url=memory:")
                .run(context -> assertThat(context).hasSingleBean(Roster.class)
                        .getBean(Storage.class).isNotInstanceOf(JdbcStorage.class));
    }

    @Test
    void neitherADataSourceNorAStorageUrlIsAClearFailure() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RosterAutoConfiguration.class))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("DataSource").hasMessageContaining("roster.storage-url"));
    }

    @Test
    void anUnknownStorageUrlIsNamed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RosterAutoConfiguration.class))
                .withPropertyValues("roster.storage-url=redis://localhost")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("roster.storage-url").hasMessageContaining("redis://localhost"));
    }

    @Test
    void aSecretFromAnotherPropertySourceIsUsedAndAnAppsSettingsAreKept() {
        String url = "jdbc:h2:mem:kept_" + suffix() + ";DB_CLOSE_DELAY=-1";
        ApplicationContextRunner shared = runner.withPropertyValues("spring.datasource.url=" + url,
                "roster.apps[0].id=app_kept", "roster.apps[0].secret=${vault.roster-secret}");
        shared.withInitializer(vault(SECRET)).run(context -> {
            Roster roster = context.getBean(Roster.class);
            assertThat(roster.app("app_kept").secretKey()).isEqualTo(SECRET);
            roster.saveApp(roster.app("app_kept").withSettings(AppSettings.defaults().withClientUserSync(false)));
        });
        String rotated = "sk_rotated_in_the_vault_0123456789";
        shared.withInitializer(vault(rotated)).run(context -> {
            App app = context.getBean(Roster.class).app("app_kept");
            assertThat(app.secretKey()).isEqualTo(rotated);
            assertThat(app.settings().clientUserSync()).as("settings changed in the store stay").isFalse();
        });
    }

    @Test
    void aShortSecretFailsTheStartNamingTheAppAndNotTheSecret() {
        runner.withPropertyValues(dataSourceUrl(), "roster.apps[0].id=app_short", "roster.apps[0].secret=tooShortKey")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("roster.apps[0]: ").hasStackTraceContaining("secretKey")
                        .satisfies(failure -> assertThat(messages(failure)).doesNotContain("tooShortKey")));
        assertThat(new RosterProperties.App("app", "tooShortKey").toString()).doesNotContain("tooShortKey");
    }

    @Test
    void anApplicationsRosterReplacesTheStarters() {
        runner.withPropertyValues(dataSourceUrl()).withUserConfiguration(OwnRoster.class).run(context -> {
            assertThat(context).hasSingleBean(Roster.class).doesNotHaveBean("rosterStorage");
            assertThat(context.getBean(Roster.class)).isSameAs(context.getBean(OwnRoster.class).roster);
        });
    }

    @Test
    void anApplicationsStorageIsTheOneRosterUses() {
        runner.withPropertyValues(dataSourceUrl(), "roster.apps[0].id=app_own", "roster.apps[0].secret=" + SECRET)
                .withUserConfiguration(OwnStorage.class).run(context -> {
                    assertThat(context).hasSingleBean(Storage.class).doesNotHaveBean("rosterStorage");
                    assertThat(context.getBean(Storage.class).apps().find("app_own")).isPresent();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRoster {
        final Roster roster = Roster.builder().storageUrl("memory:").build();

        @Bean(destroyMethod = "close")
        Roster myRoster() {
            return roster;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStorage {
        @Bean(destroyMethod = "close")
        Storage myStorage() {
            return JdbcStorage.open("jdbc:h2:mem:own_" + suffix());
        }
    }

    /** A property source of its own, as a vault or a secrets file would add. */
    private static ApplicationContextInitializer<ConfigurableApplicationContext> vault(String secret) {
        return context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("vault", Map.of("vault.roster-secret", secret)));
    }

    /** Every message of the failure and its causes. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    private static String dataSourceUrl() {
        return "spring.datasource.url=jdbc:h2:mem:app_" + suffix();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static int countUsers(DataSource dataSource, String appId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT COUNT(*) FROM roster_user WHERE app_id = ?")) {
            statement.setString(1, appId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static boolean hasRosterTables(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "ROSTER_USER", null)) {
            return tables.next();
        }
    }

    private static final WebhookSettings LOCAL_HOOK = new WebhookSettings("http://127.0.0.1:1/hook", List.of("*"), null,
            null);

    @Test
    void webhooksGoThroughTheJdkTransportThatAllowsTheConfiguredHosts() {
        ApplicationContextRunner memory = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RosterAutoConfiguration.class))
                .withPropertyValues("roster.storage-url=memory:", "roster.apps[0].id=app_hooks",
                        "roster.apps[0].secret=" + SECRET);
        memory.run(context -> {
            assertThat(context.getBean(WebhookTransport.class)).isInstanceOf(JdkWebhookTransport.class);
            assertThatThrownBy(() -> context.getBean(Roster.class).webhooks().put("app_hooks", "local", LOCAL_HOOK))
                    .isInstanceOfSatisfying(RosterException.class,
                            e -> assertThat(e.violations().byField()).containsKey("url"));
        });
        memory.withPropertyValues("roster.webhooks.allowed-hosts=127.0.0.1,Hooks.Internal").run(context -> {
            assertThat(context.getBean(JdkWebhookTransport.class).allowedHosts())
                    .containsExactlyInAnyOrder("127.0.0.1", "hooks.internal");
            assertThat(context.getBean(Roster.class).webhooks().put("app_hooks", "local", LOCAL_HOOK).created()).isTrue();
        });
    }

    @Test
    void anApplicationsOwnWebhookTransportIsUsed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RosterAutoConfiguration.class))
                .withUserConfiguration(OwnTransport.class)
                .withPropertyValues("roster.storage-url=memory:", "roster.apps[0].id=app_own",
                        "roster.apps[0].secret=" + SECRET)
                .run(context -> {
                    assertThat(context).hasSingleBean(WebhookTransport.class)
                            .doesNotHaveBean(JdkWebhookTransport.class);
                    assertThat(context.getBean(Roster.class).webhooks().put("app_own", "local", LOCAL_HOOK).created())
                            .as("the application's transport refuses nothing").isTrue();
                });
    }

    /** A transport of the application's own that allows every URL and sends nothing. */
    @Configuration(proxyBeanMethods = false)
    static class OwnTransport {
        @Bean
        WebhookTransport ownTransport() {
            return new WebhookTransport() {
                @Override
                public String encode(dev.roster.core.domain.FeedEvent event) {
                    return "{}";
                }

                @Override
                public Optional<String> refusal(java.net.URI url) {
                    return Optional.empty();
                }

                @Override
                public CompletableFuture<WebhookReply> post(java.net.URI url, Map<String, String> headers, String body,
                                                            java.time.Duration timeout) {
                    return CompletableFuture.completedFuture(WebhookReply.status(204));
                }
            };
        }
    }
}
