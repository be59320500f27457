package dev.roster.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata IDEs complete {@code roster.*} from is generated with every property, its default and description. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsListedWithItsDefaultAndADescription() throws IOException {
        Map<String, JsonNode> properties = new HashMap<>();
        for (JsonNode property : metadata().get("properties")) {
            properties.put(property.get("name").asText(), property);
        }
        assertThat(properties).containsOnlyKeys("roster.storage-url", "roster.jdbc.auto-migrate", "roster.apps",
                "roster.http.enabled", "roster.http.path", "roster.http.allow-origins", "roster.webhooks.allowed-hosts");
        assertThat(properties.get("roster.http.path").get("defaultValue").asText()).isEqualTo("/roster");
        assertThat(properties.get("roster.http.enabled").get("defaultValue").asBoolean()).isTrue();
        assertThat(properties.get("roster.jdbc.auto-migrate").get("defaultValue").asBoolean()).isTrue();
        properties.values().forEach(property ->
                assertThat(property.path("description").asText()).as(property.get("name").asText()).isNotBlank());
    }

    /** This module's own metadata file (Boot's jars carry files of the same name). */
    private static JsonNode metadata() throws IOException {
        URL classes = RosterProperties.class.getProtectionDomain().getCodeSource().getLocation();
        try (InputStream in = new URL(classes, "META-INF/spring-configuration-metadata.json").openStream()) {
            return new ObjectMapper().readTree(in);
        }
    }
}
