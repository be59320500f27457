package dev.roster.examples.springboot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as a client sees it, over a real socket: the REST API under /roster, Roster in
 * the health report, and roster.* meters in the metrics endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleApplicationTest {

    private static final String APP = "app_example";
    private static final String SECRET = "sk_example_0123456789abcdef";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void aUserPutThroughTheMountedApiIsReadBack() throws Exception {
        HttpResponse<String> put = send(request("/roster/v1/" + APP + "/users/alice")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Alice\", \"email\": [\"alice@example.com\"]}"))
                .header("Content-Type", "application/json"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        HttpResponse<String> get = send(request("/roster/v1/" + APP + "/users/alice").GET());
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        JsonNode alice = json.readTree(get.body());
        assertThat(alice.path("name").asString()).isEqualTo("Alice");
        assertThat(alice.path("email").get(0).asString()).isEqualTo("alice@example.com");

        HttpResponse<String> wrongKey = send(HttpRequest.newBuilder(uri("/roster/v1/" + APP + "/users/alice"))
                .header("Authorization", "Bearer sk_not_the_key_0123456789").GET());
        assertThat(wrongKey.statusCode()).isEqualTo(401);
    }

    @Test
    void theHealthReportHasRosterUpWithItsChangeFollower() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode roster = json.readTree(health.body()).path("components").path("roster");
        assertThat(roster.path("status").asString()).as(health.body()).isEqualTo("UP");
        assertThat(roster.path("details").path("apps").asInt()).isEqualTo(1);
        assertThat(roster.path("details").path("changeFollower").has("lagMillis")).isTrue();
    }

    @Test
    void theMetricsEndpointListsRostersMeters() throws Exception {
        send(request("/roster/v1/" + APP + "/users/bob")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Bob\"}")).header("Content-Type", "application/json"));

        HttpResponse<String> metrics = send(HttpRequest.newBuilder(uri("/actuator/metrics")).GET());
        List<String> names = new ArrayList<>();
        json.readTree(metrics.body()).path("names").forEach(name -> names.add(name.asString()));
        assertThat(names).contains("roster.store.operations", "roster.store.batch.size", "roster.cache.gets",
                "roster.cache.size", "roster.changes.lag", "roster.changes.position", "roster.streams.open");

        HttpResponse<String> writes = send(HttpRequest.newBuilder(
                uri("/actuator/metrics/roster.store.operations?tag=operation:users.createOrLoad")).GET());
        assertThat(writes.statusCode()).as(writes.body()).isEqualTo(200);
        JsonNode count = json.readTree(writes.body()).path("measurements").get(0);
        assertThat(count.path("statistic").asString()).isEqualTo("COUNT");
        assertThat(count.path("value").asDouble()).isGreaterThanOrEqualTo(1);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + SECRET);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
