package dev.roster.bench;

import java.util.Arrays;

/** Latency of a call, measured in a loop bounded both in count and in time. */
final class Latency {

    private Latency() {
    }

    /**
     * Runs {@code warmup} unmeasured rounds, then up to {@code count} measured ones or until
     * {@code budgetMillis} has passed (at least 5); a round calls {@code a} and {@code b}, in turns
     * first, so that drift in the machine's load affects both alike.
     *
     * @return the median and the 90th percentile in milliseconds of {@code a}, then of {@code b}
     */
    static double[][] measurePair(Runnable a, Runnable b, int warmup, int count, long budgetMillis) {
        for (int i = 0; i < warmup; i++) {
            a.run();
            b.run();
        }
        long[] first = new long[count];
        long[] second = new long[count];
        int taken = 0;
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        while (taken < count && (taken < 5 || System.nanoTime() < deadline)) {
            boolean aFirst = taken % 2 == 0;
            long start = System.nanoTime();
            (aFirst ? a : b).run();
            long middle = System.nanoTime();
            (aFirst ? b : a).run();
            long end = System.nanoTime();
            first[taken] = aFirst ? middle - start : end - middle;
            second[taken++] = aFirst ? end - middle : middle - start;
        }
        return new double[][] {summary(first, taken), summary(second, taken)};
    }

    private static double[] summary(long[] samples, int taken) {
        long[] sorted = Arrays.copyOf(samples, taken);
        Arrays.sort(sorted);
        return new double[] {sorted[taken / 2] / 1e6, sorted[Math.min(taken - 1, (int) (taken * 0.9))] / 1e6};
    }
}
