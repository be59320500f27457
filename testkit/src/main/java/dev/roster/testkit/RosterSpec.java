package dev.roster.testkit;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a contract test once for every combination of the Roster options it names, each run over
 * a Roster built with them ({@link ContractSupport#roster} and {@link ContractSupport#builder()}).
 * Used in place of {@code @Test}; a test names only the values it holds for, so
 * {@code @RosterSpec(cache = Cache.ON)} runs with the cache on, batching on and off. The options
 * are the user reader's: the snapshot cache ({@code cacheSize}) and the batching of concurrent
 * loads ({@code batchFetches}).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(RosterSpecs.class)
public @interface RosterSpec {

    /** {@return the cache settings to run with; both by default} */
    Cache[] cache() default {Cache.ON, Cache.OFF};

    /** {@return the batching settings to run with; both by default} */
    Batching[] batching() default {Batching.ON, Batching.OFF};

    /** The user snapshot cache. */
    enum Cache {
        /** The default cache (100,000 snapshots, 10 minutes). */
        ON,
        /** No cache: {@code cacheSize(0)}. */
        OFF
    }

    /** The batching of concurrent user loads. */
    enum Batching {
        /** Concurrent gets of one app share a store read (the default). */
        ON,
        /** Every uncached get reads the store by itself: {@code batchFetches(false)}. */
        OFF
    }
}
