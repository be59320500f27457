package dev.roster.testkit.architecture;

import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependentsWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The dependency rules of Roster's hexagon (see {@code docs/architecture.md}), each an allow-list:
 * per package, what it may depend on. Every rule fails when it matches no class at all, so a
 * renamed package cannot turn a rule into one that silently checks nothing.
 *
 * <p>Apply a rule with {@code RULE.check(new ClassFileImporter().importPackages("dev.roster"))}.
 */
public final class RosterArchitecture {

    private static final String CORE = "dev.roster.core..";
    private static final String CORE_DOMAIN = "dev.roster.core.domain..";
    private static final String CORE_SPI = "dev.roster.core.spi..";
    private static final String CORE_API = "dev.roster.core.api..";
    private static final String CORE_INTERNAL = "dev.roster.core.internal..";
    private static final String CAFFEINE = "com.github.benmanes.caffeine..";
    private static final String JDBC_ADAPTER = "dev.roster.jdbc..";
    private static final String MONGO_ADAPTER = "dev.roster.mongo..";
    private static final String HTTP_ADAPTER = "dev.roster.http..";
    private static final List<String> ADAPTERS = List.of(JDBC_ADAPTER, MONGO_ADAPTER, HTTP_ADAPTER);
    private static final String SERVER = "dev.roster.server..";
    private static final String SPRING_STARTER = "dev.roster.spring..";
    private static final String MICROMETER = "dev.roster.micrometer..";
    private static final String MICROMETER_LIBRARY = "io.micrometer..";
    private static final List<String> ADAPTER_INTERNALS = List.of("dev.roster.jdbc.internal..", "dev.roster.http.internal..");
    private static final String JACKSON = "com.fasterxml.jackson..";

    /**
     * The JDK as adapters see it: {@code java..} and the {@code javax} packages the JDK itself
     * ships that an adapter has a reason to use (crypto for token signatures, TLS, JAAS, JDBC data
     * sources). Not {@code javax..} as a whole: libraries such as {@code javax.inject} live there.
     */
    private static final List<String> JDK =
            List.of("java..", "javax.crypto..", "javax.net..", "javax.security..", "javax.sql..");

    /**
     * Packages whose types must never appear in a public signature of core: JDBC, BSON and the
     * Mongo driver, Jackson, Jetty, the Servlet API and the JDK's HTTP client.
     */
    private static final List<String> INFRASTRUCTURE = List.of(
            "java.sql..", "javax.sql..",
            "org.bson..", "com.mongodb..",
            "com.fasterxml.jackson..",
            "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..", "java.net.http..");

    /** The JDK as core sees it: {@code java..} and the JDK's crypto, for the webhook signature. */
    private static final String[] CORE_JDK = {"java..", "javax.crypto.."};

    /**
     * Rule 1: {@code dev.roster.core..} depends only on the JDK ({@code java..}, {@code javax.crypto..}) and itself; Caffeine
     * only from {@code core.api} and {@code core.internal}, where the caches live.
     */
    public static final ArchRule CORE_DEPENDS_ONLY_ON_JDK_AND_CAFFEINE = classes()
            .that().resideInAPackage(CORE)
            .should(onlyHaveDependenciesWhere(DescribedPredicate.describe(
                    "the target resides in java.., javax.crypto.. or " + CORE + ", or in " + CAFFEINE
                            + " with the origin in " + CORE_API + " or " + CORE_INTERNAL,
                    (Dependency dependency) -> targetIn(dependency, CORE_JDK[0], CORE_JDK[1], CORE)
                            || targetIn(dependency, CAFFEINE) && originIn(dependency, CORE_API, CORE_INTERNAL))))
            .because("core is embedded in any backend: it must not drag a library into it, except the"
                    + " cache behind the API (Caffeine), which lives in core.api and core.internal")
            .allowEmptyShould(false);

    /**
     * Rule 2: {@code dev.roster.core.domain..} depends only on {@code java..}, {@code javax.crypto..}
     * (the webhook signature is a pure function) and itself.
     */
    public static final ArchRule DOMAIN_DEPENDS_ONLY_ON_JAVA = classes()
            .that().resideInAPackage(CORE_DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(CORE_JDK[0], CORE_JDK[1], CORE_DOMAIN)
            .because("the domain is pure functions over immutable values: it knows neither the ports"
                    + " nor the API nor any library")
            .allowEmptyShould(false);

    /** Rule 3: no adapter (jdbc, mongo, http) depends on another adapter. */
    public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER = classes()
            .that().resideInAnyPackage(ADAPTERS.toArray(String[]::new))
            .should(onlyHaveDependenciesWhere(DescribedPredicate.describe(
                    "the target does not reside in another adapter",
                    (Dependency dependency) -> ADAPTERS.stream().noneMatch(adapter ->
                            targetIn(dependency, adapter) && !originIn(dependency, adapter)))))
            .because("adapters meet only in core's ports: the HTTP adapter finds a store through"
                    + " ServiceLoader, so any store can be swapped without touching another adapter")
            .allowEmptyShould(false);

    /**
     * Rule 3, Mongo: {@code dev.roster.mongo..} uses only the JDK, the Mongo driver, BSON and core's
     * spi and domain.
     */
    public static final ArchRule MONGO_ADAPTER_DEPENDENCIES =
            storageAdapter(MONGO_ADAPTER, "com.mongodb..", "org.bson..");

    /**
     * Rule 3, JDBC: {@code dev.roster.jdbc..} uses only the JDK (with {@code javax.sql}), Jdbi,
     * HikariCP, Jackson (for its own serialisation of JSON columns) and core's spi and domain;
     * drivers (H2, PostgreSQL, MariaDB) are reached through {@code java.sql}, with one exception:
     * the PostgreSQL driver's public extension package {@code org.postgresql} (not its
     * subpackages), because {@code PGConnection.getNotifications} is the only way to receive
     * LISTEN/NOTIFY wake-ups of the change log and {@code java.sql} has no equivalent.
     */
    public static final ArchRule JDBC_ADAPTER_DEPENDENCIES =
            storageAdapter(JDBC_ADAPTER, "org.jdbi..", "com.zaxxer.hikari..", JACKSON, "org.postgresql");

    /**
     * Rule 3, HTTP: {@code dev.roster.http..} uses only the JDK, Jackson, Jetty, the Servlet API,
     * Nimbus JOSE+JWT, Caffeine (the rate limits' buckets) and core's api, spi and domain; never
     * core.internal or an adapter. Like
     * core and the stores it logs through the JDK's {@code System.Logger}, so no logging library
     * is allowed: the application binds the JDK's logging to its own backend.
     */
    public static final ArchRule HTTP_ADAPTER_DEPENDENCIES = classes()
            .that().resideInAPackage(HTTP_ADAPTER)
            .should().onlyDependOnClassesThat().resideInAnyPackage(allowed(
                    Stream.of(HTTP_ADAPTER, CORE_API, CORE_SPI, CORE_DOMAIN,
                            JACKSON, "org.eclipse.jetty..", "jakarta.servlet..", "com.nimbusds..",
                            "com.github.benmanes.caffeine..")))
            .because("the HTTP adapter maps HTTP to core's API and reaches storage only through the SPI"
                    + " (ServiceLoader by URL), never through a store's or core's internal classes")
            .allowEmptyShould(false);

    /**
     * Rule 3, the meters: {@code dev.roster.micrometer..} uses only the JDK, Micrometer and core's
     * api, spi and domain; no adapter, no framework.
     */
    public static final ArchRule MICROMETER_DEPENDENCIES = classes()
            .that().resideInAPackage(MICROMETER)
            .should().onlyDependOnClassesThat().resideInAnyPackage(allowed(
                    Stream.of(MICROMETER, CORE_API, CORE_SPI, CORE_DOMAIN, MICROMETER_LIBRARY)))
            .because("the meters are shared by the Spring Boot starter and the standalone server: they see"
                    + " a Roster and its store through core's API and ports only, so neither Spring nor an"
                    + " adapter comes with them")
            .allowEmptyShould(false);

    /**
     * Rule 3, the standalone server: {@code dev.roster.server..} uses only the JDK, Jetty, SLF4J,
     * Micrometer, the HTTP adapter, the meters and core's api, spi and domain. It opens stores by
     * URL through {@code ServiceLoader}, never by a store's class.
     */
    public static final ArchRule SERVER_DEPENDENCIES = classes()
            .that().resideInAPackage(SERVER)
            .should().onlyDependOnClassesThat().resideInAnyPackage(allowed(
                    Stream.of(SERVER, HTTP_ADAPTER, MICROMETER, CORE_API, CORE_SPI, CORE_DOMAIN,
                            "org.eclipse.jetty..", "org.slf4j..", MICROMETER_LIBRARY)))
            .because("the server is a driving adapter: it serves the HTTP adapter and reaches storage"
                    + " only through the SPI, so every store is a URL away")
            .allowEmptyShould(false);

    /**
     * Rule 3, the Spring Boot starter: {@code dev.roster.spring..} uses only the JDK, Spring,
     * Micrometer, Roster's meters ({@code dev.roster.micrometer}), core's api, spi and domain, and
     * the public packages of the adapters it wires: the JDBC store ({@code dev.roster.jdbc}) and the
     * HTTP adapter's API and servlet binding ({@code dev.roster.http}, {@code dev.roster.http.servlet}). Never an internal package, the
     * Jetty binding or a library of an adapter.
     */
    public static final ArchRule SPRING_STARTER_DEPENDENCIES = classes()
            .that().resideInAPackage(SPRING_STARTER)
            .should().onlyDependOnClassesThat().resideInAnyPackage(allowed(
                    Stream.of(SPRING_STARTER, CORE_API, CORE_SPI, CORE_DOMAIN,
                            "dev.roster.jdbc", "dev.roster.http", "dev.roster.http.servlet", MICROMETER,
                            "org.springframework..", MICROMETER_LIBRARY)))
            .because("the starter only wires Roster into Spring: it builds stores and the API through their"
                    + " public builders, so an adapter's internals stay free to change and the application"
                    + " brings its own servlet container")
            .allowEmptyShould(false);

    /**
     * Rule 4: no JDBC, BSON/Mongo, Jackson, Jetty, Servlet or HTTP-client type in a public or
     * protected signature in {@code dev.roster.core..}: field types, parameter, return and thrown
     * types (with their type arguments) and the supertypes of public classes.
     */
    public static final ArchRule CORE_SIGNATURES_HAVE_NO_INFRASTRUCTURE_TYPES = classes()
            .that().resideInAPackage(CORE)
            .should(exposeNoTypeFrom(INFRASTRUCTURE))
            .because("callers and store authors see only the domain's words; an engine's or a"
                    + " transport's type in core would tie every user to that engine")
            .allowEmptyShould(false);

    /**
     * Rule 5: every class in {@code dev.roster.core.spi..} is an interface, an enum, a record or a
     * final class whose fields are all final.
     */
    public static final ArchRule SPI_HOLDS_ONLY_INTERFACES_AND_VALUES = classes()
            .that().resideInAPackage(CORE_SPI)
            .should(beAnInterfaceOrAnImmutableValue())
            .because("a port is a contract between core and any store: a value passed across it must"
                    + " not change after it was handed over")
            .allowEmptyShould(false);

    /**
     * Rule 6: {@code dev.roster.core.internal..} is used only from inside {@code dev.roster.core..}.
     * It stands in for the module boundary a {@code module-info.java} would draw.
     */
    public static final ArchRule CORE_INTERNAL_STAYS_IN_CORE = classes()
            .that().resideInAPackage(CORE_INTERNAL)
            .should().onlyHaveDependentClassesThat().resideInAPackage(CORE)
            .because("core.internal may change in any release; adapters, the testkit and users reach"
                    + " core through its api, spi and domain only (see docs/decisions.md: no JPMS module yet)")
            .allowEmptyShould(false);

    /**
     * Rule 7: an adapter's {@code internal} package ({@code dev.roster.jdbc.internal..},
     * {@code dev.roster.http.internal..}) is used only from inside that adapter.
     */
    public static final ArchRule ADAPTER_INTERNALS_STAY_IN_THEIR_ADAPTER = classes()
            .that().resideInAnyPackage(ADAPTER_INTERNALS.toArray(String[]::new))
            .should(onlyHaveDependentsWhere(DescribedPredicate.describe(
                    "the origin resides in the same adapter",
                    (Dependency dependency) -> adapterOf(dependency.getOriginClass())
                            .equals(adapterOf(dependency.getTargetClass())))))
            .because("an adapter's internals may change in any release; the server, the starter and"
                    + " users reach an adapter through its public packages only")
            .allowEmptyShould(false);

    /** Every rule above, in the order of {@code docs/architecture.md}. */
    public static final List<ArchRule> ALL = List.of(
            CORE_DEPENDS_ONLY_ON_JDK_AND_CAFFEINE,
            DOMAIN_DEPENDS_ONLY_ON_JAVA,
            ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER,
            MONGO_ADAPTER_DEPENDENCIES,
            JDBC_ADAPTER_DEPENDENCIES,
            HTTP_ADAPTER_DEPENDENCIES,
            MICROMETER_DEPENDENCIES,
            SERVER_DEPENDENCIES,
            SPRING_STARTER_DEPENDENCIES,
            CORE_SIGNATURES_HAVE_NO_INFRASTRUCTURE_TYPES,
            SPI_HOLDS_ONLY_INTERFACES_AND_VALUES,
            CORE_INTERNAL_STAYS_IN_CORE,
            ADAPTER_INTERNALS_STAY_IN_THEIR_ADAPTER);

    private RosterArchitecture() {
    }

    /**
     * The allow-list of a storage adapter: classes in {@code adapterPackage} may use only the JDK
     * ({@code java..} and the JDK's {@code javax.crypto}, {@code javax.net}, {@code javax.security}
     * and {@code javax.sql}), their own package, core's spi and domain, and the given libraries. A user
     * who writes a store of their own applies it to their package.
     *
     * @param adapterPackage an ArchUnit package identifier, e.g. {@code "com.example.store.."}
     * @param libraries      package identifiers the adapter may also use, e.g. {@code "org.jdbi.."}
     * @return a rule that fails when no class resides in {@code adapterPackage}
     */
    public static ArchRule storageAdapter(String adapterPackage, String... libraries) {
        return classes()
                .that().resideInAPackage(adapterPackage)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed(Stream.concat(
                        Stream.of(adapterPackage, CORE_SPI, CORE_DOMAIN), Arrays.stream(libraries))))
                .because("a store implements core's SPI and nothing else: it decides no rule, so it"
                        + " needs neither core's API nor its internals, nor another adapter")
                .allowEmptyShould(false);
    }

    private static String[] allowed(Stream<String> packageIdentifiers) {
        return Stream.concat(JDK.stream(), packageIdentifiers).toArray(String[]::new);
    }

    private static boolean targetIn(Dependency dependency, String... packageIdentifiers) {
        return residesIn(dependency.getTargetClass(), packageIdentifiers);
    }

    private static boolean originIn(Dependency dependency, String... packageIdentifiers) {
        return residesIn(dependency.getOriginClass(), packageIdentifiers);
    }

    private static boolean residesIn(JavaClass type, String... packageIdentifiers) {
        return PackageMatchers.of(packageIdentifiers).test(packageOf(type));
    }

    /** The module a class belongs to: the first three segments of its package ({@code dev.roster.jdbc}). */
    private static String adapterOf(JavaClass type) {
        String[] segments = packageOf(type).split("\\.");
        return segments.length >= 3 ? segments[0] + "." + segments[1] + "." + segments[2] : packageOf(type);
    }

    /** Arrays reside where their element type does; primitives, like {@code int[]}, in java.lang. */
    private static String packageOf(JavaClass type) {
        JavaClass element = type.isArray() ? type.getBaseComponentType() : type;
        return element.isPrimitive() ? "java.lang" : element.getPackageName();
    }

    private static ArchCondition<JavaClass> exposeNoTypeFrom(List<String> packageIdentifiers) {
        PackageMatchers forbidden = PackageMatchers.of(packageIdentifiers);
        return new ArchCondition<>("expose no type from " + String.join(", ", packageIdentifiers)
                + " in a public or protected signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (!visible(type.getModifiers())) {
                    return;
                }
                List<JavaType> supertypes = new ArrayList<>(type.getInterfaces());
                type.getSuperclass().ifPresent(supertypes::add);
                for (JavaType supertype : supertypes) {
                    report(type, type.getDescription() + " extends or implements",
                            supertype.getAllInvolvedRawTypes(), events);
                }
                for (JavaField field : type.getFields()) {
                    if (visible(field.getModifiers())) {
                        report(field, field.getDescription() + " has type",
                                field.getType().getAllInvolvedRawTypes(), events);
                    }
                }
                for (JavaCodeUnit codeUnit : type.getCodeUnits()) {
                    if (visible(codeUnit.getModifiers())) {
                        Set<JavaClass> signature = new HashSet<>(codeUnit.getAllInvolvedRawTypes());
                        signature.addAll(codeUnit.getExceptionTypes());
                        report(codeUnit, codeUnit.getDescription() + " has in its signature", signature, events);
                    }
                }
            }

            private void report(Object item, String prefix, Set<JavaClass> types, ConditionEvents events) {
                Set<String> exposed = new TreeSet<>();
                for (JavaClass involved : types) {
                    if (forbidden.test(packageOf(involved))) {
                        JavaClass element = involved.isArray() ? involved.getBaseComponentType() : involved;
                        exposed.add(element.getName());
                    }
                }
                for (String name : exposed) {
                    events.add(SimpleConditionEvent.violated(item, prefix + " <" + name + ">"));
                }
            }
        };
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static ArchCondition<JavaClass> beAnInterfaceOrAnImmutableValue() {
        return new ArchCondition<>("be an interface, an enum, a record or a final class with only final fields") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (type.isInterface() || type.isEnum() || type.isRecord()
                        || type.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                    return;
                }
                if (!type.getModifiers().contains(JavaModifier.FINAL)) {
                    events.add(SimpleConditionEvent.violated(type, type.getDescription()
                            + " is neither an interface, an enum, a record nor a final class"));
                }
                for (JavaField field : type.getFields()) {
                    if (!field.getModifiers().contains(JavaModifier.FINAL)) {
                        events.add(SimpleConditionEvent.violated(field, field.getDescription() + " is not final"));
                    }
                }
            }
        };
    }
}
