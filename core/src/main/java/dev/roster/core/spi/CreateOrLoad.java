package dev.roster.core.spi;

import dev.roster.core.domain.User;

import java.util.ArrayList;
import java.util.List;
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
    /**
     * The ids of {@link UserStore#createOrLoad}'s users, in order, after checking that every write
     * is a create.
     *
     * @param creates the writes
     * @return their users' ids
     * @throws IllegalArgumentException if a write expects a version other than 0
     */
    public static List<String> idsOf(List<UserWrite> creates) {
        List<String> ids = new ArrayList<>(creates.size());
        for (UserWrite create : creates) {
            if (create.expectedVersion() != 0) {
                throw new IllegalArgumentException("A create expects version 0, not " + create.expectedVersion());
            }
            ids.add(create.user().id());
        }
        return ids;
    }

    public CreateOrLoad {
        stored = Map.copyOf(Objects.requireNonNull(stored, "stored"));
        if (created && !stored.isEmpty()) {
            throw new IllegalArgumentException("Created users cannot have been found stored");
        }
    }
}
