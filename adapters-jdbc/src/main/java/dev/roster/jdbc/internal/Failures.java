package dev.roster.jdbc.internal;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Translates engine failures into {@link RosterException}, so no SQL or Jdbi exception reaches a
 * caller: a lost or refused connection is {@link ErrorCode#UNAVAILABLE} (retry later), a unique-key
 * race, deadlock or serialization failure is {@link ErrorCode#CONFLICT}, a text value the engine
 * cannot store (NUL on PostgreSQL) is {@link ErrorCode#INVALID_ARGUMENT}, anything else
 * {@link ErrorCode#INTERNAL}.
 */
public final class Failures {

    private static final int MARIADB_DUPLICATE_KEY = 1062;
    private static final int MARIADB_LOCK_WAIT_TIMEOUT = 1205;
    private static final int MARIADB_DEADLOCK = 1213;

    private Failures() {
    }

    /**
     * Runs {@code action}, translating any failure that is not already a {@link RosterException}.
     *
     * @param what what the action does, for the message (e.g. "loading users of app a1")
     */
    public static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RosterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }

    /** Runs {@code action} like {@link #call(String, Supplier)}, for actions without a result. */
    public static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /** The Roster exception for a failure of {@code what}. */
    public static RosterException translate(String what, Throwable failure) {
        SQLException sql = sqlCause(failure);
        String detail = sql == null ? String.valueOf(failure.getMessage())
                : sql.getMessage() + " (SQLState " + sql.getSQLState() + ")";
        if (isUnavailable(failure)) {
            return RosterException.of(ErrorCode.UNAVAILABLE,
                    "The database could not be reached while " + what + "; retry later: " + detail, failure);
        }
        if (isConflict(failure)) {
            return RosterException.of(ErrorCode.CONFLICT,
                    "A concurrent write collided while " + what + "; nothing was written, retry: " + detail, failure);
        }
        if (isUnstorableText(failure)) {
            return RosterException.of(ErrorCode.INVALID_ARGUMENT, "A text value contains the NUL character "
                    + "(U+0000), which the database cannot store; nothing was written while " + what + ": " + detail,
                    failure);
        }
        return RosterException.of(ErrorCode.INTERNAL, "The database failed while " + what + ": " + detail, failure);
    }

    /**
     * Whether the database refused a text value it cannot store: PostgreSQL rejects U+0000 in
     * text (22021 invalid byte sequence) and in JSON (22P05 untranslatable character).
     */
    private static boolean isUnstorableText(Throwable failure) {
        return sqlExceptions(failure).stream().anyMatch(e -> "22021".equals(e.getSQLState())
                || "22P05".equals(e.getSQLState()));
    }

    /** Whether the failure is a unique-key violation: another writer inserted the same key first. */
    public static boolean isUniqueViolation(Throwable failure) {
        return sqlExceptions(failure).stream().anyMatch(e -> "23505".equals(e.getSQLState())
                || e.getErrorCode() == MARIADB_DUPLICATE_KEY && String.valueOf(e.getSQLState()).startsWith("23"));
    }

    /**
     * Whether the failure is a collision with a concurrent transaction that a fresh attempt can
     * get past: a unique-key race, a deadlock, a serialization failure or a lock wait timeout.
     */
    public static boolean isConflict(Throwable failure) {
        // 40001 serialization failure (every engine; MariaDB and H2 deadlocks too), 40P01
        // PostgreSQL deadlock, HYT00 H2 lock timeout (error 50200), 90131 H2 concurrent update of
        // a row another transaction changed and committed.
        return isUniqueViolation(failure) || sqlExceptions(failure).stream().anyMatch(e -> {
            String state = String.valueOf(e.getSQLState());
            return state.equals("40001") || state.equals("40P01") || state.equals("HYT00") || state.equals("90131")
                    || e.getErrorCode() == MARIADB_DEADLOCK || e.getErrorCode() == MARIADB_LOCK_WAIT_TIMEOUT;
        });
    }

    /**
     * Whether the failure is a lost, refused or exhausted connection. A rollback that fails
     * because the connection is gone hides the first failure as a suppressed exception, so the
     * whole graph of causes and suppressed exceptions is searched.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t : graph(failure)) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t.getClass().getName().endsWith("PoolInitializationException")) {
                return true;
            }
        }
        // 08: connection exception; 57P01-57P03: PostgreSQL shutting down or starting up;
        // 90067 H2 connection broken.
        return sqlExceptions(failure).stream().anyMatch(e -> {
            String state = String.valueOf(e.getSQLState());
            return state.startsWith("08") || state.startsWith("57P") || state.equals("90067");
        });
    }

    private static SQLException sqlCause(Throwable failure) {
        List<SQLException> all = sqlExceptions(failure);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<SQLException> sqlExceptions(Throwable failure) {
        List<SQLException> found = new ArrayList<>();
        for (Throwable t : graph(failure)) {
            if (t instanceof SQLException e) {
                for (SQLException next = e; next != null && !found.contains(next); next = next.getNextException()) {
                    found.add(next);
                }
            }
        }
        return found;
    }

    /** The failure, its causes and suppressed exceptions, depth first, each once. */
    private static List<Throwable> graph(Throwable failure) {
        List<Throwable> seen = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.push(failure);
        while (!todo.isEmpty() && seen.size() < 50) {
            Throwable t = todo.pop();
            if (seen.stream().anyMatch(s -> s == t)) {
                continue;
            }
            seen.add(t);
            Throwable[] suppressed = t.getSuppressed();
            for (int i = suppressed.length - 1; i >= 0; i--) {
                todo.push(suppressed[i]);
            }
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
        }
        return seen;
    }
}
