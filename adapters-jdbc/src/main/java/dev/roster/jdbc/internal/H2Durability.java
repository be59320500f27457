package dev.roster.jdbc.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Makes an H2 database write each commit to its file before the commit returns. H2 keeps commits
 * in memory and writes them in the background every {@code WRITE_DELAY} milliseconds (500 by
 * default), so a process killed in between loses writes it had acknowledged. With
 * {@code WRITE_DELAY} 0 a commit reaches the file (the operating system's cache, which outlives
 * the process) before it returns. The setting is the database's, so it also holds for a data source
 * the caller opened. It is set on every open: H2 reports a stored 0 after a restart but writes in
 * the background again until the setting is made anew. A URL that names {@code WRITE_DELAY} itself
 * is the operator's choice and is left alone; in-memory databases have nothing to lose.
 */
public final class H2Durability {

    private H2Durability() {
    }

    /**
     * Sets {@code WRITE_DELAY} to 0 unless the database is in memory or its URL names the setting.
     *
     * @return whether the database is kept on a file (not in memory); writes to it then go through
     *         {@link WriteGate#oneAtATime()}
     *
     * @throws dev.roster.core.domain.RosterException if the setting cannot be read or changed
     */
    public static boolean commitToFile(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            String url = connection.getMetaData().getURL().toLowerCase(Locale.ROOT);
            if (url.startsWith("jdbc:h2:mem:")) {
                return false;
            }
            if (!url.contains(";write_delay=")) {
                statement.execute("SET WRITE_DELAY 0");
            }
            return true;
        } catch (SQLException e) {
            throw Failures.translate("setting H2's WRITE_DELAY to 0 (or add ;WRITE_DELAY=0 to the URL if this "
                    + "user may not change settings)", e);
        }
    }
}
