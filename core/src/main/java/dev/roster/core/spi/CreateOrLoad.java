package dev.roster.core.spi;

import dev.roster.core.domain.User;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link UserStore#createOrLoad} did: created every user, or wrote nothing and found
 * {@code stored}.
 *
 * @param created whether the users were created
 * @param stored  when not created, the users found stored, keyed by id; empty when created
 */
public record CreateOrLoad(boolean created, Map<String, Versioned<User>> stored) {

    /** Every user was created. */
    public static final CreateOrLoad CREATED = new CreateOrLoad(true, Map.of());

    /**
     * Checks the outcome.
     *
     * @param created whether the users were created
     * @param stored  the users found stored
     * @throws IllegalArgumentException if created with users found stored
     */
    public CreateOrLoad {
        stored = Map.copyOf(Objects.requireNonNull(stored, "stored"));
        if (created && !stored.isEmpty()) {
            throw new IllegalArgumentException("Created users cannot have been found stored");
        }
    }
}
