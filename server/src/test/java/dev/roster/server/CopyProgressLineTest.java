package dev.roster.server;

import dev.roster.server.copy.CopyCounts;
import dev.roster.server.copy.CopyProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress of a copy and of an import: the share done and the time left from the copy's totals,
 * or from the import's listed conversations, on a terminal and in plain lines.
 */
class CopyProgressLineTest {

    private static final CopyCounts EXPECTED = new CopyCounts(1, 1_000, 10, 8_989);
    private static final CopyProgress HALF = new CopyProgress(new CopyCounts(1, 1_000, 4, 3_995),
            new CopyCounts(1, 1_000, 4, 3_995), EXPECTED);

    @Test
    void theTimeLeftIsTheRestAtTheRateSoFar() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), HALF.timeLeft(Duration.ofSeconds(10)));
        assertEquals(0.5, HALF.done().orElseThrow(), 1e-9);
        CopyProgress done = new CopyProgress(EXPECTED, EXPECTED, EXPECTED);
        assertEquals(Optional.of(Duration.ZERO), done.timeLeft(Duration.ofSeconds(3)));
        CopyProgress grown = new CopyProgress(EXPECTED.plus(EXPECTED), CopyCounts.NONE, EXPECTED);
        assertEquals(Optional.of(Duration.ZERO), grown.timeLeft(Duration.ofSeconds(3)), "a source grown since the count");
        assertEquals(1.0, grown.done().orElseThrow(), 1e-9);
        assertEquals(Optional.empty(), new CopyProgress(HALF.read(), HALF.written()).timeLeft(Duration.ofSeconds(1)),
                "no total, no estimate");
        assertEquals(Optional.empty(), new CopyProgress(CopyCounts.NONE, CopyCounts.NONE, EXPECTED)
                .timeLeft(Duration.ofSeconds(1)), "nothing read yet, no rate");
    }

    @Test
    void aTerminalLineHasABarTheShareAndTheEta() {
        assertEquals("[##########----------] 50% | 1/1 apps, 1,000/1,000 users, 4/10 conversations, "
                        + "3,995/8,989 messages | 500 items/s | ETA 10s",
                CopyCommand.ProgressPrinter.line(HALF, Duration.ofSeconds(10), true));
    }

    @Test
    void aPlainLineHasTheShareAndTheEtaWithoutTheBar() {
        String line = CopyCommand.ProgressPrinter.line(HALF, Duration.ofSeconds(130), false);
        assertEquals("50% | 1/1 apps, 1,000/1,000 users, 4/10 conversations, 3,995/8,989 messages | 38 items/s "
                + "| ETA 2m 10s", line);
    }

    @Test
    void withoutATotalALineHasNoEta() {
        String line = CopyCommand.ProgressPrinter.line(new CopyProgress(HALF.read(), HALF.written()),
                Duration.ofSeconds(10), true);
        assertEquals("1 apps, 1000 users, 4 conversations, 3995 messages | 500 items/s", line);
    }

    /** An import 20 s in: 4 of 10 conversations took 8 s; the users took the rest and do not count. */
    private static final CopyProgress IMPORT = new CopyProgress(new CopyCounts(1, 1_000, 4, 3_995),
            CopyCounts.NONE, new CopyCounts(1, 1_000, 10, 9_988), new CopyProgress.Basis.Conversations(10, true,
            Duration.ofSeconds(8)));

    @Test
    void anImportsTimeLeftIsTheConversationsLeftAtThePaceOfThoseDone() {
        assertEquals(Optional.of(Duration.ofSeconds(12)), IMPORT.timeLeft(Duration.ofSeconds(20)), "6 at 2 s each");
        assertEquals(0.4, IMPORT.done().orElseThrow(), 1e-9);
        CopyProgress listing = new CopyProgress(IMPORT.read(), CopyCounts.NONE, CopyCounts.NONE,
                new CopyProgress.Basis.Conversations(300, false, Duration.ZERO));
        assertTrue(listing.done().isEmpty() && listing.timeLeft(Duration.ofSeconds(1)).isEmpty(), "still listing");
        CopyProgress none = new CopyProgress(new CopyCounts(1, 5, 0, 0), CopyCounts.NONE, new CopyCounts(1, 5, 0, 0),
                new CopyProgress.Basis.Conversations(0, true, Duration.ZERO));
        assertEquals(1.0, none.done().orElseThrow(), 1e-9, "no conversation to import");
        assertEquals(Optional.of(Duration.ZERO), none.timeLeft(Duration.ofSeconds(1)));
    }

    @Test
    void anImportsLineSaysWhatItsEstimateRestsOn() {
        assertEquals("[########------------] 40% of conversations | 1/1 apps, 1,000/1,000 users, 4/10 conversations, "
                        + "3,995/~9,988 messages | 250 items/s | ETA 12s at 0.50 conversations/s",
                CopyCommand.ProgressPrinter.line(IMPORT, Duration.ofSeconds(20), true));
        CopyProgress listing = new CopyProgress(new CopyCounts(1, 1_000, 0, 0), CopyCounts.NONE, CopyCounts.NONE,
                new CopyProgress.Basis.Conversations(3_000, false, Duration.ZERO));
        assertEquals("1 apps, 1000 users, 0 conversations, 0 messages | 100 items/s | listing conversations for the "
                + "totals: 3,000 so far", CopyCommand.ProgressPrinter.line(listing, Duration.ofSeconds(10), true));
        CopyProgress listed = new CopyProgress(listing.read(), CopyCounts.NONE, new CopyCounts(1, 1_000, 3_000, 0),
                new CopyProgress.Basis.Conversations(3_000, true, Duration.ZERO));
        assertEquals("0% of conversations | 1/1 apps, 1,000/1,000 users, 0/3,000 conversations, 0 messages | "
                + "100 items/s | ETA --", CopyCommand.ProgressPrinter.line(listed, Duration.ofSeconds(10), false));
    }

    @Test
    void anEtaIsInHoursAndMinutesMinutesAndSecondsOrSeconds() {
        assertEquals("ETA 1h 02m", CopyCommand.ProgressPrinter.eta(Duration.ofSeconds(3_725)));
        assertEquals("ETA 1m 05s", CopyCommand.ProgressPrinter.eta(Duration.ofSeconds(65)));
        assertEquals("ETA 1s", CopyCommand.ProgressPrinter.eta(Duration.ofMillis(300)), "rounded up");
        assertEquals("ETA 0s", CopyCommand.ProgressPrinter.eta(Duration.ZERO));
    }

    @Test
    void plainLinesComeAfterTheFirstReportAndThenEveryFiveSecondsWithTheEta() {
        AtomicLong nanos = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CopyCommand.ProgressPrinter printer = new CopyCommand.ProgressPrinter(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false, nanos::get);
        nanos.set(Duration.ofSeconds(2).toNanos());
        printer.accept(HALF);
        nanos.set(Duration.ofSeconds(4).toNanos());
        printer.accept(HALF);
        nanos.set(Duration.ofSeconds(8).toNanos());
        printer.accept(HALF);
        printer.finish();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].endsWith("| ETA 2s"), lines[0]);
        assertTrue(lines[1].endsWith("| ETA 8s"), lines[1]);
        assertFalse(lines[1].contains("["), "no bar in plain lines");
    }
}
