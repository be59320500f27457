package dev.roster.micrometer;

import dev.roster.core.api.Roster;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds what {@link Roster#stats()} counts (the user cache's hits, misses, evictions and size, the
 * change follower's position and lag) to a meter registry, and, when given, the number of open
 * event streams ({@code roster.streams.open}, for example from the HTTP adapter's
 * {@code RestApi::openStreams}). None of these meters costs a store call when it is read.
 */
public final class RosterMeters implements MeterBinder {

    private final Roster roster;
    private final IntSupplier openStreams;

    /**
     * The meters of {@code roster}, without {@code roster.streams.open}.
     *
     * @param roster the Roster whose stats are read
     */
    public RosterMeters(Roster roster) {
        this(roster, null);
    }

    /**
     * The meters of {@code roster} and the gauge of open event streams.
     *
     * @param roster      the Roster whose stats are read
     * @param openStreams how many server-sent-event streams are open now; null for no such gauge
     */
    public RosterMeters(Roster roster, IntSupplier openStreams) {
        this.roster = Objects.requireNonNull(roster, "roster");
        this.openStreams = openStreams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cacheGets(registry, "hit", r -> r.stats().cacheHits());
        cacheGets(registry, "miss", r -> r.stats().cacheMisses());
        FunctionCounter.builder("roster.cache.evictions", roster, r -> r.stats().cacheEvictions())
                .description("Users dropped from the user cache for its size or their age").register(registry);
        Gauge.builder("roster.cache.size", roster, r -> r.stats().cachedUsers())
                .description("Users in the user cache (an estimate)").register(registry);
        Gauge.builder("roster.changes.position", roster, r -> r.stats().changePosition())
                .description("The change-log position up to which this process has read every entry").register(registry);
        TimeGauge.builder("roster.changes.lag", roster, TimeUnit.MILLISECONDS, r -> r.stats().changeLag().toMillis())
                .description("Time since the change follower last read the change log up to its end").register(registry);
        if (openStreams != null) {
            // Held strongly: a gauge keeps only a weak reference to its object by default, so a
            // supplier made for this call (a method reference) was collected and the gauge read NaN.
            Gauge.builder("roster.streams.open", openStreams, IntSupplier::getAsInt)
                    .strongReference(true)
                    .description("Open server-sent-event streams of the browser API").register(registry);
        }
    }

    private void cacheGets(MeterRegistry registry, String result, ToDoubleFunction<Roster> count) {
        FunctionCounter.builder("roster.cache.gets", roster, count).tag("result", result)
                .description("User reads answered from the cache (hit) or the store (miss)").register(registry);
    }
}
