package dev.roster.http.internal;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The REST API versions a client may ask for with the {@value #HEADER} header; newer is larger. */
public enum ApiVersion {
    /** The first version: listings always in createdAt DESC order. */
    V2021_01_01("2021-01-01"),
    /** Listing order ({@code orderBy}, {@code orderDirection}) and {@code offsetTs}. */
    V2021_02_09("2021-02-09"),
    /** A user who left a conversation no longer sees it in their listing. */
    V2021_07_30("2021-07-30"),
    /** An unknown user's listing is a 404 instead of an empty list. */
    V2024_01_01("2024-01-01");

    /** The request header that chooses the version. */
    public static final String HEADER = "TalkJS-REST-Version";

    private final String label;

    ApiVersion(String label) {
        this.label = label;
    }

    /** The newest version: used when the header is absent. */
    public static ApiVersion newest() {
        return V2024_01_01;
    }

    /**
     * The version a header value names; the newest when absent.
     *
     * @throws ApiError 400 for an unknown version
     */
    public static ApiVersion of(String header) {
        if (header == null) {
            return newest();
        }
        String wanted = header.trim();
        for (ApiVersion version : values()) {
            if (version.label.equals(wanted)) {
                return version;
            }
        }
        throw ApiError.invalid(HEADER, "Unknown API version \"" + header + "\"; expected one of "
                + Arrays.stream(values()).map(v -> v.label).collect(Collectors.joining(", ")) + ".");
    }

    /** Whether this version is {@code other} or newer. */
    public boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    /** For example {@code 2021-02-09}. */
    public String label() {
        return label;
    }
}
