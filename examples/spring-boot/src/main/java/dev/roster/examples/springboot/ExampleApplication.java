package dev.roster.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that embeds Roster with nothing but the starter and properties: the REST and
 * browser API answer under {@code /roster}, over the application's own H2 DataSource.
 */
@SpringBootApplication
public class ExampleApplication {

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
