package dev.roster.core.domain;

/** A comparison of two times in a filter: {@code >}, {@code <}, {@code >=}, {@code <=}. */
public enum Comparison {
    /** {@code >}. */
    GT,
    /** {@code <}. */
    LT,
    /** {@code >=}. */
    GE,
    /** {@code <=}. */
    LE;

    /**
     * Whether {@code left <op> right} holds.
     *
     * @param left  the value tested
     * @param right the constant of the filter
     * @return true when the comparison holds
     */
    public boolean holds(long left, long right) {
        return switch (this) {
            case GT -> left > right;
            case LT -> left < right;
            case GE -> left >= right;
            case LE -> left <= right;
        };
    }
}
