package dev.roster.server.copy;

/**
 * Where a copy stands, reported after every page it writes.
 *
 * @param read    the items read from the source so far
 * @param written the items among them that the target did not hold yet, or held otherwise
 */
public record CopyProgress(CopyCounts read, CopyCounts written) {

    /** Nothing read, nothing written. */
    public static final CopyProgress START = new CopyProgress(CopyCounts.NONE, CopyCounts.NONE);

    CopyProgress add(CopyCounts moreRead, CopyCounts moreWritten) {
        return new CopyProgress(read.plus(moreRead), written.plus(moreWritten));
    }
}
