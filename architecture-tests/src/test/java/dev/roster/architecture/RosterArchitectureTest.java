package dev.roster.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.roster.testkit.architecture.RosterArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applies every rule to Roster's real classes. Test classes, and so the fixtures that break the
 * rules on purpose, are left out of the import.
 */
class RosterArchitectureTest {

    private static JavaClasses roster;

    @BeforeAll
    static void importRoster() {
        roster = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.roster");
    }

    @Test
    void coreDependsOnlyOnTheJdkAndCaffeine() {
        check(RosterArchitecture.CORE_DEPENDS_ONLY_ON_JDK_AND_CAFFEINE);
    }

    @Test
    void domainDependsOnlyOnJava() {
        check(RosterArchitecture.DOMAIN_DEPENDS_ONLY_ON_JAVA);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        check(RosterArchitecture.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER);
    }

    @Test
    void mongoAdapterKeepsToItsAllowList() {
        check(RosterArchitecture.MONGO_ADAPTER_DEPENDENCIES);
    }

    @Test
    void jdbcAdapterKeepsToItsAllowList() {
        check(RosterArchitecture.JDBC_ADAPTER_DEPENDENCIES);
    }

    @Test
    void httpAdapterKeepsToItsAllowList() {
        check(RosterArchitecture.HTTP_ADAPTER_DEPENDENCIES);
    }

    @Test
    void micrometerKeepsToItsAllowList() {
        check(RosterArchitecture.MICROMETER_DEPENDENCIES);
    }

    @Test
    void serverKeepsToItsAllowList() {
        check(RosterArchitecture.SERVER_DEPENDENCIES);
    }

    @Test
    void springStarterKeepsToItsAllowList() {
        check(RosterArchitecture.SPRING_STARTER_DEPENDENCIES);
    }

    @Test
    void coreSignaturesHaveNoInfrastructureTypes() {
        check(RosterArchitecture.CORE_SIGNATURES_HAVE_NO_INFRASTRUCTURE_TYPES);
    }

    @Test
    void spiHoldsOnlyInterfacesAndValues() {
        check(RosterArchitecture.SPI_HOLDS_ONLY_INTERFACES_AND_VALUES);
    }

    @Test
    void coreInternalStaysInCore() {
        check(RosterArchitecture.CORE_INTERNAL_STAYS_IN_CORE);
    }

    @Test
    void adapterInternalsStayInTheirAdapter() {
        check(RosterArchitecture.ADAPTER_INTERNALS_STAY_IN_THEIR_ADAPTER);
    }

    private static void check(ArchRule rule) {
        rule.check(roster);
    }
}
