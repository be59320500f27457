package dev.roster.core.spi;

import java.util.Objects;

/**
 * A stored value with its version. Versions start at 1 and grow by one with every write.
 *
 * @param value   the value
 * @param version its version, at least 1
 * @param <T>     the value type
 */
public record Versioned<T>(T value, long version) {

    /**
     * Checks the version.
     *
     * @param value   the value, not null
     * @param version its version, at least 1
     * @throws NullPointerException     if the value is null
     * @throws IllegalArgumentException if the version is below 1
     */
    public Versioned {
        Objects.requireNonNull(value, "value");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1: " + version);
        }
    }
}
