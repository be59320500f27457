package dev.roster.core.domain;

import java.util.Objects;
import java.util.function.Function;

/**
 * What an update does to one field: leave it as it is ({@link Keep}), reset it to its default
 * ({@link Reset}, sent as {@code null} on the wire) or give it a value ({@link SetTo}).
 *
 * @param <T> the field's value type
 */
public sealed interface FieldPatch<T> {

    /** The field was absent from the update: it keeps its current value. */
    record Keep<T>() implements FieldPatch<T> {}

    /** The field was {@code null} in the update: it goes back to its default. */
    record Reset<T>() implements FieldPatch<T> {}

    /**
     * The field was given a value.
     *
     * @param <T>   the field's value type
     * @param value the new value, never null
     */
    record SetTo<T>(T value) implements FieldPatch<T> {
        /**
         * Checks the value.
         *
         * @param value the new value
         * @throws NullPointerException if {@code value} is null; use {@link Reset} for that
         */
        public SetTo {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The patch that leaves the field alone.
     *
     * @param <T> the field's value type
     * @return a {@link Keep}
     */
    static <T> FieldPatch<T> keep() {
        return new Keep<>();
    }

    /**
     * The patch that resets the field to its default.
     *
     * @param <T> the field's value type
     * @return a {@link Reset}
     */
    static <T> FieldPatch<T> reset() {
        return new Reset<>();
    }

    /**
     * The patch that sets the field to {@code value}, or resets it when {@code value} is null.
     *
     * @param <T>   the field's value type
     * @param value the new value, or null
     * @return a {@link SetTo}, or a {@link Reset} for null
     */
    static <T> FieldPatch<T> of(T value) {
        return value == null ? reset() : new SetTo<>(value);
    }

    /** {@return whether this patch leaves the field alone} */
    default boolean isKeep() {
        return this instanceof Keep;
    }

    /**
     * The field's value after this patch.
     *
     * @param current      the value now
     * @param defaultValue the value a reset gives (may be null)
     * @return the given value, {@code defaultValue} after a reset, {@code current} when kept
     */
    default T applyTo(T current, T defaultValue) {
        if (this instanceof SetTo<T> set) {
            return set.value();
        }
        return this instanceof Reset ? defaultValue : current;
    }

    /**
     * This patch with its value transformed; keep and reset stay as they are.
     *
     * @param <R>    the new value type
     * @param mapper transforms a set value; must not return null
     * @return the transformed patch
     */
    default <R> FieldPatch<R> map(Function<? super T, ? extends R> mapper) {
        if (this instanceof SetTo<T> set) {
            return new SetTo<>(mapper.apply(set.value()));
        }
        return this instanceof Reset ? reset() : keep();
    }
}
