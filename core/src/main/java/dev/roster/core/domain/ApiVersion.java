package dev.roster.core.domain;

/** The REST API versions whose listing rules differ (SPEC §5). Declared oldest first. */
public enum ApiVersion {
    /** Order fixed to createdAt DESC; left conversations listed; unknown user: empty list. */
    V2021_01_01("2021-01-01"),
    /** Ordering and offsetTs available. */
    V2021_02_09("2021-02-09"),
    /** Left conversations are no longer listed. */
    V2021_07_30("2021-07-30"),
    /** An unknown user is an error. */
    V2024_01_01("2024-01-01");

    private final String wire;

    ApiVersion(String wire) {
        this.wire = wire;
    }

    /** {@return the newest version, the default} */
    public static ApiVersion latest() {
        return V2024_01_01;
    }

    /** {@return the date string, e.g. {@code 2021-07-30}} */
    public String wire() {
        return wire;
    }

    /**
     * The version with this date string.
     *
     * @param name a date string as in the {@code TalkJS-REST-Version} header; may be null
     * @return the version, or null if there is none
     */
    public static ApiVersion fromWire(String name) {
        for (ApiVersion version : values()) {
            if (version.wire.equals(name)) {
                return version;
            }
        }
        return null;
    }

    /**
     * Whether this version is {@code other} or newer.
     *
     * @param other the version to compare with
     * @return true when this version is {@code other} or newer
     */
    public boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }
}
