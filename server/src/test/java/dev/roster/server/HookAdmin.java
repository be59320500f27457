package dev.roster.server;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trusted REST calls of the webhook process tests: registering a webhook and writing users. */
final class HookAdmin {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String secret;

    HookAdmin(String secret) {
        this.secret = secret;
    }

    /** Registers {@code receiver} as webhook {@code id} for {@code pattern} and returns its generated secret. */
    String register(String base, String id, HookReceiver receiver, String pattern) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(base + "webhooks/" + id).PUT(HttpRequest.BodyPublishers
                .ofString("{\"url\": \"" + receiver.url() + "\", \"events\": [\"" + pattern + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return json.readTree(response.body()).get("secret").asText();
    }

    /** Creates user {@code u<i>}, answered 200. */
    void createUser(String base, int i) throws IOException, InterruptedException {
        String url = base + "users/u" + i;
        HttpResponse<String> response = client.send(request(url).PUT(HttpRequest.BodyPublishers
                .ofString("{\"name\": \"User " + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> "PUT " + url + ": " + response.body());
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json");
    }
}
