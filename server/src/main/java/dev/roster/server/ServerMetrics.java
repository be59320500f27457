package dev.roster.server;

import dev.roster.core.api.Roster;
import dev.roster.core.spi.Storage;
import dev.roster.http.HttpRequest;
import dev.roster.http.HttpResponse;
import dev.roster.micrometer.RosterMeters;
import dev.roster.micrometer.TimedStorage;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The server's meters on a Prometheus registry, served at {@code GET /metrics} in the Prometheus
 * text format: Roster's {@code roster.*} meters (rendered {@code roster_…}) from
 * {@code roster-micrometer}, the same as the Spring Boot starter's, and the JVM's memory, GC,
 * thread, CPU and uptime meters.
 */
final class ServerMetrics implements AutoCloseable {

    static final String PATH = "/metrics";

    /** The Prometheus text format, version 0.0.4, as Prometheus asks for it. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The OpenAPI operation of {@code GET /metrics}. */
    static final String OPERATION = """
            {"summary": "Meters in Prometheus text format",
             "description": "Roster's meters (roster_store_operations_seconds by operation and outcome, roster_store_batch_size_items, roster_cache_gets_total, roster_cache_evictions_total, roster_cache_size, roster_changes_position, roster_changes_lag_seconds, roster_streams_open) and the JVM's. Needs no credentials, as Prometheus scrapers usually send none; the standalone server's --metrics off removes the route.",
             "operationId": "metrics",
             "responses": {"200": {"description": "The Prometheus text format, version 0.0.4.",
               "content": {"text/plain": {"schema": {"type": "string"},
                 "example": "# TYPE roster_cache_size gauge\\nroster_cache_size 12.0\\n"}}}}}
            """;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** {@code storage} with each call timed on this registry; closing it leaves {@code storage} open. */
    Storage timed(Storage storage) {
        return new TimedStorage(storage, registry);
    }

    /** Registers what {@code roster} counts and the number of open event streams. */
    void bind(Roster roster, IntSupplier openStreams) {
        new RosterMeters(roster, openStreams).bindTo(registry);
    }

    /** Answers {@code GET /metrics}. */
    HttpResponse scrape(HttpRequest request) {
        return new HttpResponse(200, Map.of("Content-Type", CONTENT_TYPE, "Cache-Control", "no-store"),
                registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
