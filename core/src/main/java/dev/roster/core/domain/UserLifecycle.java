package dev.roster.core.domain;

/**
 * What the user lifecycle (SPEC §10) records about a user beside the profile: when a browser
 * session of theirs was last active and whether they are deactivated ({@link User#deactivated()}).
 * Filters and the {@code lastActiveAt} order read it.
 *
 * @param lastActiveAt the last activity (Unix ms), or null for never
 * @param deactivated  whether the user is deactivated
 */
public record UserLifecycle(Long lastActiveAt, boolean deactivated) {

    /** Never active, not deactivated. */
    public static final UserLifecycle NONE = new UserLifecycle(null, false);
}
