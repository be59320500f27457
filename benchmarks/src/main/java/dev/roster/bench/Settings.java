package dev.roster.bench;

import java.nio.file.Path;

/**
 * How long and where a run goes: short (the default, minutes in all) or {@code --long} (careful).
 *
 * @param careful   whether {@code --long} was given
 * @param out       the results folder
 * @param serverJar the standalone Roster server jar for the HTTP row
 * @param only      the rows to run (e.g. "1,2"), or null for all
 * @param replot    whether to only redraw the plots of the recorded run
 */
record Settings(boolean careful, Path out, Path serverJar, String only, boolean replot) {

    static Settings parse(String[] args) {
        boolean careful = false;
        Path out = Path.of("benchmarks", "results");
        Path serverJar = Path.of("server", "target", "roster-server.jar");
        String only = null;
        boolean replot = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--long":
                    careful = true;
                    break;
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--server-jar":
                    serverJar = Path.of(args[++i]);
                    break;
                case "--replot":
                    replot = true;
                    break;
                case "--only":
                    only = args[++i];
                    break;
                default:
                    throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; expected --long, --out DIR, --server-jar JAR, --only 1,2,…, --replot");
            }
        }
        return new Settings(careful, out, serverJar, only, replot);
    }

    boolean runs(int row) {
        return only == null || ("," + only + ",").contains("," + row + ",");
    }

    /** Scales a count or a duration: the careful run does five times as much. */
    int scaled(int shortValue) {
        return careful ? shortValue * 5 : shortValue;
    }
}
