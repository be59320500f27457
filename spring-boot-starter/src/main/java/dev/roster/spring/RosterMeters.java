package dev.roster.spring;

import dev.roster.core.api.Roster;
import dev.roster.http.RestApi;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** Binds what {@link Roster#stats()} and {@link RestApi#openStreams()} count to a meter registry. */
final class RosterMeters implements MeterBinder {

    private final Roster roster;
    private final ObjectProvider<RestApi> api;

    RosterMeters(Roster roster, ObjectProvider<RestApi> api) {
        this.roster = roster;
        this.api = api;
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
        RestApi restApi = api.getIfUnique();
        if (restApi != null) {
            Gauge.builder("roster.streams.open", restApi, RestApi::openStreams)
                    .description("Open server-sent-event streams of the browser API").register(registry);
        }
    }

    private void cacheGets(MeterRegistry registry, String result, ToDoubleFunction<Roster> count) {
        FunctionCounter.builder("roster.cache.gets", roster, count).tag("result", result)
                .description("User reads answered from the cache (hit) or the store (miss)").register(registry);
    }
}
