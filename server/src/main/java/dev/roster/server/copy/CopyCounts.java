package dev.roster.server.copy;

/**
 * How many items of each kind a copy or a count went through.
 *
 * @param apps          apps
 * @param users         users
 * @param conversations conversations, with their participations
 * @param messages      messages
 */
public record CopyCounts(long apps, long users, long conversations, long messages) {

    /** No item of any kind. */
    public static final CopyCounts NONE = new CopyCounts(0, 0, 0, 0);

    /**
     * Adds two counts.
     *
     * @param other the counts to add
     * @return the sum, kind by kind
     */
    public CopyCounts plus(CopyCounts other) {
        return new CopyCounts(apps + other.apps, users + other.users, conversations + other.conversations,
                messages + other.messages);
    }

    /** {@return the sum of every kind} */
    public long total() {
        return apps + users + conversations + messages;
    }

    @Override
    public String toString() {
        return apps + " apps, " + users + " users, " + conversations + " conversations, " + messages + " messages";
    }
}
