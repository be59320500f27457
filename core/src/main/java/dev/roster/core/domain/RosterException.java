package dev.roster.core.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one exception Roster throws to its callers: a machine-readable {@link ErrorCode}, a human
 * message, and, for invalid input, what is wrong with each field ({@link #violations()}) or, for a
 * batch, with each item ({@link #itemViolations()}, keyed by item id).
 */
public final class RosterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The machine-readable reason. */
    private final ErrorCode code;
    private final transient Violations violations;
    private final transient Map<String, Violations> itemViolations;

    private RosterException(ErrorCode code, String message, Violations violations,
                            Map<String, Violations> itemViolations, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.violations = violations;
        this.itemViolations = Collections.unmodifiableMap(new LinkedHashMap<>(itemViolations));
    }

    /**
     * An error of the given code with a message and no field details.
     *
     * @param code    the machine-readable reason
     * @param message the human message
     * @return the exception, to throw
     */
    public static RosterException of(ErrorCode code, String message) {
        return new RosterException(code, message, Violations.none(), Map.of(), null);
    }

    /**
     * An error caused by an engine failure; adapters use this to translate their exceptions.
     *
     * @param code    the machine-readable reason
     * @param message the human message
     * @param cause   the engine's exception
     * @return the exception, to throw
     */
    public static RosterException of(ErrorCode code, String message, Throwable cause) {
        return new RosterException(code, message, Violations.none(), Map.of(), cause);
    }

    /**
     * Invalid input with the violations of one object.
     *
     * @param message    the human message
     * @param violations what is wrong with each field
     * @return an {@link ErrorCode#INVALID_ARGUMENT} exception, to throw
     */
    public static RosterException invalid(String message, Violations violations) {
        return new RosterException(ErrorCode.INVALID_ARGUMENT, message, violations, Map.of(), null);
    }

    /**
     * Invalid batch input with the violations of each invalid item, keyed by item id.
     *
     * @param message        the human message
     * @param itemViolations what is wrong with each invalid item, keyed by item id, in input order
     * @return an {@link ErrorCode#INVALID_ARGUMENT} exception, to throw
     */
    public static RosterException invalidItems(String message, Map<String, Violations> itemViolations) {
        return new RosterException(ErrorCode.INVALID_ARGUMENT, message, Violations.none(),
                new LinkedHashMap<>(itemViolations), null);
    }

    /**
     * A missing resource.
     *
     * @param message the human message, naming the resource
     * @return an {@link ErrorCode#NOT_FOUND} exception, to throw
     */
    public static RosterException notFound(String message) {
        return of(ErrorCode.NOT_FOUND, message);
    }

    /** {@return the machine-readable reason} */
    public ErrorCode code() {
        return code;
    }

    /** {@return per-field problems of a single invalid input; empty otherwise} */
    public Violations violations() {
        return violations;
    }

    /** {@return per-item problems of an invalid batch, keyed by item id, in input order; empty otherwise} */
    public Map<String, Violations> itemViolations() {
        return itemViolations;
    }
}
