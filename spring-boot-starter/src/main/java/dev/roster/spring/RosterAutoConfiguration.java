package dev.roster.spring;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.RosterException;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.core.spi.WebhookTransport;
import dev.roster.http.JdkWebhookTransport;
import dev.roster.jdbc.Dialect;
import dev.roster.jdbc.JdbcStorage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link Storage} and the {@link Roster}: over {@code roster.storage-url} when it is set,
 * otherwise over the application's {@link DataSource} (dialect detected, tables migrated unless
 * {@code roster.jdbc.auto-migrate=false}); then the apps of {@code roster.apps} are saved. Webhooks
 * are sent through a {@link JdkWebhookTransport} that allows the hosts of
 * {@code roster.webhooks.allowed-hosts}. Each bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@EnableConfigurationProperties(RosterProperties.class)
public class RosterAutoConfiguration {

    /**
     * The store, closed with the context.
     *
     * @throws IllegalStateException when there is neither {@code roster.storage-url} nor a DataSource
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({Storage.class, Roster.class})
    Storage rosterStorage(RosterProperties properties, ObjectProvider<DataSource> dataSources) {
        String url = properties.storageUrl();
        boolean autoMigrate = properties.jdbc().autoMigrate();
        if (url != null && !url.isBlank()) {
            return Arrays.stream(Dialect.values()).anyMatch(d -> d.accepts(url))
                    ? JdbcStorage.builder(url).autoMigrate(autoMigrate).build()
                    : open(url);
        }
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("Roster needs a store: define one DataSource (spring.datasource.url)"
                    + " or set roster.storage-url (for example jdbc:h2:file:./roster or memory:)");
        }
        return JdbcStorage.builder(dataSource).autoMigrate(autoMigrate).build();
    }

    /**
     * How webhooks are posted: the JDK's HTTP client, refusing loopback and private addresses
     * except those of the hosts {@code roster.webhooks.allowed-hosts} lists.
     *
     * @throws IllegalArgumentException naming {@code roster.webhooks.allowed-hosts} for a blank host
     */
    @Bean
    @ConditionalOnMissingBean
    WebhookTransport rosterWebhookTransport(RosterProperties properties) {
        try {
            return new JdkWebhookTransport(properties.webhooks().allowedHosts());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("roster.webhooks.allowed-hosts: " + e.getMessage(), e);
        }
    }

    /**
     * The Roster over the store (through every {@link RosterStorageDecorator}), sending webhooks
     * through the {@link WebhookTransport} bean, with the configured apps saved.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Roster roster(Storage storage, RosterProperties properties, ObjectProvider<RosterStorageDecorator> decorators,
                  ObjectProvider<WebhookTransport> transports) {
        Storage used = storage;
        for (RosterStorageDecorator decorator : decorators.orderedStream().toList()) {
            used = decorator.decorate(used);
        }
        Roster.Builder builder = Roster.builder().storage(used);
        transports.ifAvailable(builder::webhookTransport);
        Roster roster = builder.build();
        try {
            save(roster, properties.apps());
        } catch (RuntimeException e) {
            roster.close();
            throw e;
        }
        return roster;
    }

    private static void save(Roster roster, List<RosterProperties.App> apps) {
        for (int i = 0; i < apps.size(); i++) {
            RosterProperties.App configured = apps.get(i);
            App app;
            try {
                app = new App(configured.id(), configured.secret(), AppSettings.defaults());
            } catch (RosterException e) {
                throw new IllegalArgumentException("roster.apps[" + i + "]: " + e.getMessage(), e);
            }
            AppSettings kept = roster.findApp(app.id()).map(App::settings).orElse(app.settings());
            roster.saveApp(app.withSettings(kept));
        }
    }

    private static Storage open(String url) {
        for (StorageProvider provider : ServiceLoader.load(StorageProvider.class)) {
            if (provider.accepts(url)) {
                return provider.open(url);
            }
        }
        throw new IllegalArgumentException("roster.storage-url: no store on the class path accepts " + url
                + " (jdbc:h2:, jdbc:postgresql:, jdbc:mariadb:, memory:, and mongodb:// with roster-adapters-mongo)");
    }
}
