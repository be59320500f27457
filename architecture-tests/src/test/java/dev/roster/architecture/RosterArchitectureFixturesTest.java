package dev.roster.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.roster.testkit.architecture.RosterArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves that every rule can fail: each runs against a fixture package that breaks it on purpose,
 * and the test names every violation that must be reported, and nothing else.
 */
class RosterArchitectureFixturesTest {

    @Test
    void coreRuleReportsALibraryOutsideApiAndInternalAndAnyOtherDependency() {
        assertViolations(RosterArchitecture.CORE_DEPENDS_ONLY_ON_JDK_AND_CAFFEINE,
                List.of("dev.roster.core.spi.fixture.coredeps",
                        "dev.roster.core.internal.fixture.coredeps",
                        "dev.roster.core.api.fixture.coredeps"),
                "Method <dev.roster.core.spi.fixture.coredeps.CachingPort.cache()> has return type"
                        + " <com.github.benmanes.caffeine.cache.Cache> in (CachingPort.java:0)",
                "Field <dev.roster.core.api.fixture.coredeps.ApiWithClock.clock> has type"
                        + " <dev.roster.testkit.MutableClock> in (ApiWithClock.java:0)");
    }

    @Test
    void domainRuleReportsAPortAndALibrary() {
        assertViolations(RosterArchitecture.DOMAIN_DEPENDS_ONLY_ON_JAVA,
                List.of("dev.roster.core.domain.fixture.domainpure"),
                "Field <dev.roster.core.domain.fixture.domainpure.UserWithStore.store> has type"
                        + " <dev.roster.core.spi.UserStore> in (UserWithStore.java:0)",
                "Field <dev.roster.core.domain.fixture.domainpure.UserWithStore.cache> has type"
                        + " <com.github.benmanes.caffeine.cache.Cache> in (UserWithStore.java:0)");
    }

    @Test
    void adapterRuleReportsEveryReachIntoAnotherAdapter() {
        assertViolations(RosterArchitecture.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER,
                List.of("dev.roster.http.fixture.adapters",
                        "dev.roster.jdbc.fixture.adapters",
                        "dev.roster.mongo.fixture.adapters"),
                "Field <dev.roster.http.fixture.adapters.HttpFixture.jdbc> has type"
                        + " <dev.roster.jdbc.fixture.adapters.JdbcFixture> in (HttpFixture.java:0)",
                "Field <dev.roster.jdbc.fixture.adapters.JdbcFixture.mongo> has type"
                        + " <dev.roster.mongo.fixture.adapters.MongoFixture> in (JdbcFixture.java:0)");
    }

    @Test
    void mongoAllowListReportsCoreApiCoreInternalsAndOtherLibraries() {
        assertViolations(RosterArchitecture.MONGO_ADAPTER_DEPENDENCIES,
                List.of("dev.roster.mongo.fixture.mongodeps"),
                "Field <dev.roster.mongo.fixture.mongodeps.MongoStore.roster> has type"
                        + " <dev.roster.core.api.Roster> in (MongoStore.java:0)",
                "Field <dev.roster.mongo.fixture.mongodeps.MongoStore.memory> has type"
                        + " <dev.roster.core.internal.memory.MemoryStorage> in (MongoStore.java:0)",
                "Field <dev.roster.mongo.fixture.mongodeps.MongoStore.cache> has type"
                        + " <com.github.benmanes.caffeine.cache.Cache> in (MongoStore.java:0)");
    }

    @Test
    void jdbcAllowListReportsCoreApiAndCoreInternals() {
        assertViolations(RosterArchitecture.JDBC_ADAPTER_DEPENDENCIES,
                List.of("dev.roster.jdbc.fixture.jdbcdeps"),
                "Field <dev.roster.jdbc.fixture.jdbcdeps.JdbcStore.session> has type"
                        + " <dev.roster.core.api.Session> in (JdbcStore.java:0)",
                "Field <dev.roster.jdbc.fixture.jdbcdeps.JdbcStore.writer> has type"
                        + " <dev.roster.core.internal.UserWriter> in (JdbcStore.java:0)");
    }

    @Test
    void httpAllowListReportsCoreInternalsStorageAdaptersAndLoggingLibraries() {
        assertViolations(RosterArchitecture.HTTP_ADAPTER_DEPENDENCIES,
                List.of("dev.roster.http.fixture.httpdeps"),
                "Field <dev.roster.http.fixture.httpdeps.UsersEndpoint.reader> has type"
                        + " <dev.roster.core.internal.UserReader> in (UsersEndpoint.java:0)",
                "Field <dev.roster.http.fixture.httpdeps.UsersEndpoint.memory> has type"
                        + " <dev.roster.core.internal.memory.MemoryStorageProvider> in (UsersEndpoint.java:0)",
                "Field <dev.roster.http.fixture.httpdeps.UsersEndpoint.mongo> has type"
                        + " <dev.roster.mongo.fixture.adapters.MongoFixture> in (UsersEndpoint.java:0)",
                "Field <dev.roster.http.fixture.httpdeps.UsersEndpoint.slf4j> has type"
                        + " <org.slf4j.Logger> in (UsersEndpoint.java:0)");
    }

    @Test
    void signatureRuleReportsVisibleMembersAndSupertypesOnly() {
        assertViolations(RosterArchitecture.CORE_SIGNATURES_HAVE_NO_INFRASTRUCTURE_TYPES,
                List.of("dev.roster.core.api.fixture.signatures"),
                "Field <dev.roster.core.api.fixture.signatures.LeakyApi.connection> has type"
                        + " <java.sql.Connection>",
                "Constructor <dev.roster.core.api.fixture.signatures.LeakyApi.<init>(javax.sql.DataSource)>"
                        + " has in its signature <javax.sql.DataSource>",
                "Method <dev.roster.core.api.fixture.signatures.LeakyApi.timestamps()>"
                        + " has in its signature <java.sql.SQLException>",
                "Method <dev.roster.core.api.fixture.signatures.LeakyApi.timestamps()>"
                        + " has in its signature <java.sql.Timestamp>",
                "Class <dev.roster.core.api.fixture.signatures.Rows> extends or implements <java.sql.Wrapper>");
    }

    @Test
    void spiRuleReportsOpenClassesAndMutableFields() {
        assertViolations(RosterArchitecture.SPI_HOLDS_ONLY_INTERFACES_AND_VALUES,
                List.of("dev.roster.core.spi.fixture.spivalues"),
                "Class <dev.roster.core.spi.fixture.spivalues.MutableQuery>"
                        + " is neither an interface, an enum, a record nor a final class",
                "Field <dev.roster.core.spi.fixture.spivalues.MutableQuery.limit> is not final",
                "Field <dev.roster.core.spi.fixture.spivalues.Cursor.limit> is not final");
    }

    @Test
    void internalRuleReportsAUseFromOutsideCore() {
        assertViolations(RosterArchitecture.CORE_INTERNAL_STAYS_IN_CORE,
                List.of("dev.roster.core.internal.fixture.internaluse",
                        "dev.roster.core.api.fixture.internaluse",
                        "dev.roster.testkit.fixture.internaluse"),
                "Field <dev.roster.testkit.fixture.internaluse.Peek.hidden> has type"
                        + " <dev.roster.core.internal.fixture.internaluse.Hidden> in (Peek.java:0)");
    }

    @Test
    void micrometerAllowListReportsAnAdapterCoreInternalsAndSpring() {
        assertViolations(RosterArchitecture.MICROMETER_DEPENDENCIES,
                List.of("dev.roster.micrometer.fixture.micrometerdeps"),
                "Field <dev.roster.micrometer.fixture.micrometerdeps.StoreMeters.api> has type"
                        + " <dev.roster.http.RestApi> in (StoreMeters.java:0)",
                "Field <dev.roster.micrometer.fixture.micrometerdeps.StoreMeters.reader> has type"
                        + " <dev.roster.core.internal.UserReader> in (StoreMeters.java:0)",
                "Field <dev.roster.micrometer.fixture.micrometerdeps.StoreMeters.context> has type"
                        + " <org.springframework.context.ApplicationContext> in (StoreMeters.java:0)");
    }

    @Test
    void serverAllowListReportsStoresAndCoreInternals() {
        assertViolations(RosterArchitecture.SERVER_DEPENDENCIES,
                List.of("dev.roster.server.fixture.serverdeps"),
                "Field <dev.roster.server.fixture.serverdeps.Main.store> has type"
                        + " <dev.roster.jdbc.fixture.adapters.JdbcFixture> in (Main.java:0)",
                "Field <dev.roster.server.fixture.serverdeps.Main.writer> has type"
                        + " <dev.roster.core.internal.UserWriter> in (Main.java:0)");
    }

    @Test
    void springStarterAllowListReportsInternalsTheJettyBindingAndAnAdaptersLibrary() {
        assertViolations(RosterArchitecture.SPRING_STARTER_DEPENDENCIES,
                List.of("dev.roster.spring.fixture.springdeps"),
                "Field <dev.roster.spring.fixture.springdeps.StarterConfiguration.writer> has type"
                        + " <dev.roster.core.internal.UserWriter> in (StarterConfiguration.java:0)",
                "Field <dev.roster.spring.fixture.springdeps.StarterConfiguration.migration> has type"
                        + " <dev.roster.jdbc.internal.SchemaMigration> in (StarterConfiguration.java:0)",
                "Field <dev.roster.spring.fixture.springdeps.StarterConfiguration.handler> has type"
                        + " <dev.roster.http.server.RosterHandler> in (StarterConfiguration.java:0)",
                "Field <dev.roster.spring.fixture.springdeps.StarterConfiguration.jdbi> has type"
                        + " <org.jdbi.v3.core.Jdbi> in (StarterConfiguration.java:0)");
    }

    @Test
    void adapterInternalsRuleReportsAUseFromAnotherModule() {
        assertViolations(RosterArchitecture.ADAPTER_INTERNALS_STAY_IN_THEIR_ADAPTER,
                List.of("dev.roster.jdbc.internal.fixture.internaluse",
                        "dev.roster.jdbc.fixture.internaluse",
                        "dev.roster.server.fixture.internaluse"),
                "Field <dev.roster.server.fixture.internaluse.Launcher.rows> has type"
                        + " <dev.roster.jdbc.internal.fixture.internaluse.Rows> in (Launcher.java:0)");
    }

    private static void assertViolations(ArchRule rule, List<String> fixturePackages, String... expected) {
        List<String> reported = rule
                .evaluate(new ClassFileImporter().importPackages(fixturePackages))
                .getFailureReport()
                .getDetails();
        assertEquals(List.of(expected).stream().sorted().toList(), reported.stream().sorted().toList());
    }
}
