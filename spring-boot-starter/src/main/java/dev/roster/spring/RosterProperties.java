package dev.roster.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * The {@code roster.*} properties of the starter. (The parameter descriptions are written for the
 * configuration metadata that IDEs show.)
 *
 * @param storageUrl The store to open by URL: jdbc:h2:, jdbc:postgresql:, jdbc:mariadb:, memory:, or
 *                   mongodb:// with roster-adapters-mongo. Unset, Roster uses the application's DataSource.
 * @param jdbc       Options of the JDBC store.
 * @param http       The REST and browser API servlet.
 * @param webhooks   Outbound webhooks.
 * @param apps       Apps created, or given this secret key, at start (id and secret). The settings of
 *                   an app already in the store are kept.
 */
@ConfigurationProperties("roster")
public record RosterProperties(String storageUrl, @DefaultValue Jdbc jdbc, @DefaultValue Http http,
                               @DefaultValue Webhooks webhooks, @DefaultValue List<App> apps) {

    /**
     * Options of the JDBC store.
     *
     * @param autoMigrate Whether Roster creates and migrates its tables (roster_*) at start. Off, it
     *                    checks that they are current and fails otherwise.
     */
    public record Jdbc(@DefaultValue("true") boolean autoMigrate) {
    }

    /**
     * The REST and browser API, served by a servlet.
     *
     * @param enabled      Whether the servlet is registered.
     * @param path         Where the API is mounted: PUT {path}/v1/{appId}/users/{userId}.
     * @param allowOrigins Web origins (https://chat.example.com) whose pages may call the browser API.
     */
    public record Http(@DefaultValue("true") boolean enabled, @DefaultValue("/roster") String path,
                       @DefaultValue List<String> allowOrigins) {
    }

    /**
     * Outbound webhooks.
     *
     * @param allowedHosts Hosts (exact names or addresses, any case) webhooks may post to though they
     *                     resolve to a loopback, private or link-local address, which are refused
     *                     otherwise.
     */
    public record Webhooks(@DefaultValue List<String> allowedHosts) {
    }

    /**
     * One app to provision.
     *
     * @param id     The app id, used in every API path.
     * @param secret Its secret key, at least 16 characters; from any property source.
     */
    public record App(String id, String secret) {

        /** Leaves the secret out. */
        @Override
        public String toString() {
            return "App[id=" + id + ", secret=***]";
        }
    }
}
