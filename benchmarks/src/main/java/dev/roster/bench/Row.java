package dev.roster.bench;

/**
 * One line of the results table: a measured value against its baseline from the same run.
 *
 * @param row       the row number
 * @param what      what was measured
 * @param baseline  what it is compared with
 * @param value     the measured value
 * @param baseValue the baseline's value
 * @param unit      the unit of both values
 * @param ratio     value / baseline, oriented as the target reads
 * @param target    the target as text, or "-" for none
 * @param met       whether the target is met, or null without target
 * @param note      anything a reader needs to judge the figure
 */
record Row(int row, String what, String baseline, double value, double baseValue, String unit, double ratio,
           String target, Boolean met, String note) {

    /** A row whose ratio must be at least {@code min} (throughput). */
    static Row atLeast(int row, String what, String baseline, double value, double baseValue, String unit,
                       double min, String note) {
        double ratio = value / baseValue;
        return new Row(row, what, baseline, value, baseValue, unit, ratio, "≥ " + min, ratio >= min, note);
    }

    /** A row whose ratio must be at most {@code max} (time, latency). */
    static Row atMost(int row, String what, String baseline, double value, double baseValue, String unit,
                      double max, String note) {
        double ratio = value / baseValue;
        return new Row(row, what, baseline, value, baseValue, unit, ratio, "≤ " + max, ratio <= max, note);
    }

    /** A row reported without a target. */
    static Row info(int row, String what, String baseline, double value, double baseValue, String unit, String note) {
        return new Row(row, what, baseline, value, baseValue, unit, value / baseValue, "-", null, note);
    }
}
