package dev.roster.spring;

import dev.roster.core.api.Roster;
import dev.roster.http.RestApi;
import dev.roster.http.servlet.RosterServlet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The REST and browser API as a servlet at {@code roster.http.path} (default {@code /roster}), in a
 * servlet web application, unless {@code roster.http.enabled=false}.
 */
@AutoConfiguration(after = RosterAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.http.HttpServlet")
@ConditionalOnProperty(prefix = "roster.http", name = "enabled", matchIfMissing = true)
public class RosterHttpAutoConfiguration {

    /**
     * The API over the Roster, with {@code roster.http.allow-origins}; closing it ends its event streams.
     *
     * @throws IllegalArgumentException naming {@code roster.http.allow-origins} and the bad origin
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RestApi rosterRestApi(Roster roster, RosterProperties properties) {
        try {
            // The only option set here is the origins, so a refusal of build() is about one of them.
            return RestApi.builder(roster).allowOrigins(properties.http().allowOrigins()).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("roster.http.allow-origins: " + e.getMessage(), e);
        }
    }

    /**
     * The servlet at {@code roster.http.path}, asynchronous so that the browser API's event streams work.
     *
     * @throws IllegalArgumentException naming {@code roster.http.path} when it does not start with /
     *                                  or holds a *
     */
    @Bean
    @ConditionalOnMissingBean(name = "rosterServlet")
    ServletRegistrationBean<RosterServlet> rosterServlet(RestApi api, RosterProperties properties) {
        ServletRegistrationBean<RosterServlet> registration =
                new ServletRegistrationBean<>(new RosterServlet(api), urlMapping(properties.http().path()));
        registration.setName("roster");
        registration.setAsyncSupported(true);
        return registration;
    }

    /** The mapping of everything below {@code path}: {@code /roster} and {@code /roster/} both give {@code /roster/*}. */
    private static String urlMapping(String path) {
        if (path == null || !path.startsWith("/") || path.contains("*")) {
            throw new IllegalArgumentException("roster.http.path must start with / and hold no *, got \"" + path + "\"");
        }
        return path.replaceAll("/+$", "") + "/*";
    }
}
