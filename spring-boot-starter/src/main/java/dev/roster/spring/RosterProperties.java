package dev.roster.spring;

import dev.roster.http.RestApi;
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
 * @param apps       Apps created, or given this secret key, at start (id and secret). The settings of
 *                   an app already in the store are kept.
 */
@ConfigurationProperties("roster")
public record RosterProperties(String storageUrl, @DefaultValue Jdbc jdbc, @DefaultValue Http http, List<App> apps) {

    /** Normalises an absent list of apps to an empty one. */
    public RosterProperties {
        apps = apps == null ? List.of() : List.copyOf(apps);
    }

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
                       List<String> allowOrigins) {

        /**
         * Checks the path and the origins, and puts them in canonical form.
         *
         * @throws IllegalArgumentException naming {@code roster.http.path} or {@code roster.http.allow-origins}
         */
        public Http {
            if (path == null || !path.startsWith("/") || path.contains("*")) {
                throw new IllegalArgumentException("roster.http.path must start with / and hold no *, got \"" + path + "\"");
            }
            path = path.replaceAll("/+$", "");
            try {
                allowOrigins = allowOrigins == null ? List.of() : allowOrigins.stream().map(RestApi::origin).toList();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("roster.http.allow-origins: " + e.getMessage(), e);
            }
        }

        /** The servlet mapping of {@link #path()}, such as {@code /roster/*}. */
        public String urlMapping() {
            return path + "/*";
        }
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
