package dev.roster.jdbc;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;

import java.util.Locale;

/** The SQL engines this adapter supports, each with its own migration scripts. */
public enum Dialect {
    /** H2 2.x, embedded (file or in-memory) or over TCP. */
    H2("jdbc:h2:"),
    /** PostgreSQL 13 or newer. */
    POSTGRESQL("jdbc:postgresql:"),
    /** MariaDB 10.6 or newer. */
    MARIADB("jdbc:mariadb:");

    private final String urlPrefix;

    Dialect(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** {@return the JDBC URL prefix of this engine, such as {@code jdbc:h2:}} */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** {@return the name of this dialect's folder of migration scripts} */
    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a JDBC URL names this engine.
     *
     * @param url the JDBC URL, or null
     * @return true when the URL starts with this engine's prefix, ignoring case
     */
    public boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, urlPrefix, 0, urlPrefix.length());
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @param url the JDBC URL
     * @return the dialect whose prefix the URL starts with
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} if no supported engine has this URL
     */
    public static Dialect of(String url) {
        for (Dialect dialect : values()) {
            if (dialect.accepts(url)) {
                return dialect;
            }
        }
        throw RosterException.of(ErrorCode.INVALID_ARGUMENT,
                "Not a JDBC URL of H2, PostgreSQL or MariaDB (jdbc:h2:, jdbc:postgresql:, jdbc:mariadb:): " + url);
    }
}
