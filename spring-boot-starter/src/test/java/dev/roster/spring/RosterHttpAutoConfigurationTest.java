package dev.roster.spring;

import dev.roster.http.RestApi;
import dev.roster.http.servlet.RosterServlet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When and where the REST and browser API servlet is registered. */
class RosterHttpAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RosterAutoConfiguration.class, RosterHttpAutoConfiguration.class))
            .withPropertyValues("roster.storage-url=memory:");

    @Test
    void theApiIsMountedAsynchronouslyUnderSlashRosterByDefault() {
        web.run(context -> {
            assertThat(context).hasSingleBean(RestApi.class).hasBean("rosterServlet");
            ServletRegistrationBean<?> registration = context.getBean("rosterServlet", ServletRegistrationBean.class);
            assertThat(registration.getServlet()).isInstanceOf(RosterServlet.class);
            assertThat(registration.getUrlMappings()).containsExactly("/roster/*");
            assertThat(registration.isAsyncSupported()).isTrue();
        });
    }

    @Test
    void thePathAndTheOriginsAreConfigurable() {
        web.withPropertyValues("roster.http.path=/api/chat/",
                        "roster.http.allow-origins=https://Chat.Example.com:443,http://localhost:3000")
                .run(context -> assertThat(context.getBean("rosterServlet", ServletRegistrationBean.class)
                        .getUrlMappings()).containsExactly("/api/chat/*"));
    }

    @Test
    void aBadOriginOrPathFailsTheStartNamingTheProperty() {
        web.withPropertyValues("roster.http.allow-origins=chat.example.com")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("roster.http.allow-origins").hasStackTraceContaining("chat.example.com"));
        web.withPropertyValues("roster.http.path=roster")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("roster.http.path"));
    }

    @Test
    void disabledThereIsNoServletAndNoApi() {
        web.withPropertyValues("roster.http.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("rosterServlet").doesNotHaveBean(RestApi.class)
                        .hasBean("roster"));
    }

    @Test
    void anApplicationWithoutAServletContainerGetsNoServlet() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RosterAutoConfiguration.class, RosterHttpAutoConfiguration.class))
                .withPropertyValues("roster.storage-url=memory:")
                .run(context -> assertThat(context).doesNotHaveBean("rosterServlet").doesNotHaveBean(RestApi.class));
    }

    @Test
    void anApplicationsOwnApiAndServletReplaceTheStarters() {
        web.withUserConfiguration(OwnServlet.class).run(context -> {
            assertThat(context).hasSingleBean(RestApi.class).doesNotHaveBean("rosterRestApi");
            String[] registrations = context.getBeanNamesForType(
                    ResolvableType.forClassWithGenerics(ServletRegistrationBean.class, RosterServlet.class));
            assertThat(List.of(registrations)).containsExactly("rosterServlet");
            assertThat(context.getBean("rosterServlet", ServletRegistrationBean.class).getUrlMappings())
                    .containsExactly("/talkjs/*");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnServlet {
        @Bean(destroyMethod = "close")
        RestApi myApi(dev.roster.core.api.Roster roster) {
            return RestApi.builder(roster).maxBodyBytes(4096).build();
        }

        @Bean
        ServletRegistrationBean<RosterServlet> rosterServlet(RestApi api) {
            return new ServletRegistrationBean<>(new RosterServlet(api), "/talkjs/*");
        }
    }
}
