package dev.roster.server.copy;

import java.util.List;
import java.util.Map;

/**
 * What {@link StoreCopy#verify()} or {@link TalkJsImport#verify()} found: the items of each app on
 * either side, with a digest of each side's items, and every item on which they disagree.
 *
 * @param source        the source's counts per app
 * @param target        the target's counts per app
 * @param sourceDigests per app, a SHA-256 over the source's items in id order (hex)
 * @param targetDigests per app, the same over the target's items
 * @param differences   every item that is missing, extra or different in the target
 */
public record Verification(Map<String, CopyCounts> source, Map<String, CopyCounts> target,
                           Map<String, String> sourceDigests, Map<String, String> targetDigests,
                           List<Difference> differences) {

    /**
     * Copies the maps and the list.
     *
     * @param source        the source's counts per app
     * @param target        the target's counts per app
     * @param sourceDigests the source's digest per app
     * @param targetDigests the target's digest per app
     * @param differences   the differences
     */
    public Verification {
        source = Map.copyOf(source);
        target = Map.copyOf(target);
        sourceDigests = Map.copyOf(sourceDigests);
        targetDigests = Map.copyOf(targetDigests);
        differences = List.copyOf(differences);
    }

    /** {@return whether the target holds exactly what the source holds} */
    public boolean clean() {
        return differences.isEmpty();
    }
}
