package dev.roster.core.domain;

/**
 * What the user lifecycle (SPEC §10) records about a user beside the profile: when a browser
 * session of theirs was last active and whether they are deactivated ({@link User#deactivated()}).
 * Filters and the {@code lastActiveAt} order read it, and trusted views show it; it is never part
 * of a {@link UserSnapshot}. {@code lastActiveAt} is written by activity (a browser request or an
 * open stream), at most once a minute per user, outside the user's versions and change log.
 *
 * @param lastActiveAt the last activity (Unix ms), or null for never
 * @param deactivated  whether the user is deactivated
 */
public record UserLifecycle(Long lastActiveAt, boolean deactivated) {

    /** Never active, not deactivated. */
    public static final UserLifecycle NONE = new UserLifecycle(null, false);
}
