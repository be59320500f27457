package dev.roster.bench;

import java.util.Arrays;

/** Latency of a call, measured in a loop bounded both in count and in time. */
final class Latency {

    private Latency() {
    }

    /**
     * Runs {@code warmup} unmeasured calls, then up to {@code count} measured ones or until
     * {@code budgetMillis} has passed (at least 5 calls).
     *
     * @return the median and the 90th percentile in milliseconds
     */
    static double[] measure(Runnable call, int warmup, int count, long budgetMillis) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        long[] samples = new long[count];
        int taken = 0;
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        while (taken < count && (taken < 5 || System.nanoTime() < deadline)) {
            long start = System.nanoTime();
            call.run();
            samples[taken++] = System.nanoTime() - start;
        }
        long[] sorted = Arrays.copyOf(samples, taken);
        Arrays.sort(sorted);
        return new double[] {sorted[taken / 2] / 1e6, sorted[Math.min(taken - 1, (int) (taken * 0.9))] / 1e6};
    }
}
