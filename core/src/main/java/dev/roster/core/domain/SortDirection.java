package dev.roster.core.domain;

/** Ascending or descending; the conversation-id tie-break follows the same direction. */
public enum SortDirection {
    /** Smallest first. */
    ASC,
    /** Largest first. */
    DESC
}
