package dev.roster.server;

import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.server.copy.CopyCounts;
import dev.roster.server.copy.CopyProgress;
import dev.roster.server.copy.Difference;
import dev.roster.server.copy.StoreCopy;
import dev.roster.server.copy.Verification;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code java -jar roster-server.jar copy --from URL --to URL [--app ID] [--dry-run] [--verify] [--follow]}:
 * the command line of {@link StoreCopy}. Exit codes: 0 done (and, with {@code --verify}, no
 * difference), 1 a store failed, 2 a wrong option, 3 {@code --verify} found differences.
 */
final class CopyCommand {

    static final int DIFFERENCES = 3;
    static final String USAGE = "Usage: java -jar roster-server.jar copy --from URL --to URL [--app ID] [--dry-run] [--verify]"
            + " [--follow]\n"
            + "  --from URL   the store to copy from (jdbc:h2:…, jdbc:postgresql:…, jdbc:mariadb:…, mongodb://…)\n"
            + "  --to URL     the store to copy into; its schema is created when missing\n"
            + "  --app ID     copy this app only (default: every app)\n"
            + "  --dry-run    count what the source holds and write nothing\n"
            + "  --verify     afterwards re-read both stores and print every difference (exit code 3 if any);\n"
            + "               with --dry-run, compare only\n"
            + "  --follow     after the copy keep applying the source's change log until stopped (Ctrl-C,\n"
            + "               SIGTERM), then print the position reached (and verify, with --verify)\n"
            + "A copy writes only what the target lacks: run it again after a crash and it continues.";
    static final int SHOWN_DIFFERENCES = 50;
    private static final long TERMINAL_EVERY_MS = 200;
    private static final long LINE_EVERY_MS = 5_000;
    private static final Duration FOLLOW_POLL = Duration.ofMillis(100);
    private static final Duration STOP_WAIT = Duration.ofMinutes(1);

    private CopyCommand() {
    }

    /** The options of one run. */
    record Options(String from, String to, String app, boolean dryRun, boolean verify, boolean follow) {

        static Options parse(List<String> args) {
            String from = null;
            String to = null;
            String app = null;
            boolean dryRun = false;
            boolean verify = false;
            boolean follow = false;
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                switch (option) {
                    case "--dry-run" -> dryRun = true;
                    case "--verify" -> verify = true;
                    case "--follow" -> follow = true;
                    case "--from", "--to", "--app" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(option + " needs a value");
                        }
                        String value = args.get(++i);
                        switch (option) {
                            case "--from" -> from = value;
                            case "--to" -> to = value;
                            default -> app = value;
                        }
                    }
                    default -> throw new IllegalArgumentException("Unknown option " + option);
                }
            }
            if (from == null || to == null) {
                throw new IllegalArgumentException("copy needs --from and --to");
            }
            if (from.equals(to)) {
                throw new IllegalArgumentException("--from and --to name the same store");
            }
            if (dryRun && follow) {
                throw new IllegalArgumentException("--dry-run writes nothing, so there is nothing to --follow");
            }
            return new Options(from, to, app, dryRun, verify, follow);
        }
    }

    /**
     * Runs the command.
     *
     * @param args     the arguments after {@code copy}
     * @param out      where progress and the summary go
     * @param err      where errors go
     * @param terminal whether {@code out} is a terminal (one progress line rewritten in place)
     * @return the exit code
     */
    static int run(List<String> args, PrintStream out, PrintStream err, boolean terminal) {
        if (args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (Storage from = open(options.from()); Storage to = open(options.to())) {
            StoreCopy copy = StoreCopy.between(from, to);
            if (options.app() != null) {
                copy = copy.onlyApp(options.app());
            }
            out.println((options.dryRun() ? "Counting " : "Copying ") + (options.app() == null ? "every app" : "app "
                    + options.app()) + " of " + redacted(options.from()) + " into " + redacted(options.to()));
            long started = System.nanoTime();
            ProgressPrinter printer = new ProgressPrinter(out, terminal, System::nanoTime);
            copy = copy.onProgress(printer);
            if (options.dryRun()) {
                CopyCounts counts = copy.count();
                printer.finish();
                out.println("Dry run: the source holds " + counts + "; nothing written");
            } else {
                long followFrom = copy.followFrom();
                CopyProgress done = copy.copy();
                printer.finish();
                out.printf("Copied in %.1f s: read %s; wrote %s%n", (System.nanoTime() - started) / 1e9, done.read(),
                        done.written());
                if (options.follow()) {
                    follow(copy, followFrom, out, finished);
                }
            }
            return options.verify() ? report(copy.verify(), out) : 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("The copy stopped: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            finished.countDown();
        }
    }

    /**
     * Follows the source until the process is asked to stop (SIGINT, SIGTERM): the shutdown hook
     * stops the follow and waits until the command has {@code finished} (the position printed,
     * the verification done, the stores closed).
     */
    private static void follow(StoreCopy copy, long from, PrintStream out, CountDownLatch finished) {
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                finished.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "roster-copy-stop"));
        out.println("Following the source's change log from position " + from + "; stop with Ctrl-C or SIGTERM");
        try {
            long reached = copy.follow(from, FOLLOW_POLL, stop::get);
            out.println("Stopped following at position " + reached);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The URL without its query, where a password may be. */
    private static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    private static Storage open(String url) {
        return StorageProvider.openUrl(url);
    }

    /**
     * Prints a verification: per app the counts per kind on each side with the start of each
     * side's digest, then the first {@value #SHOWN_DIFFERENCES} differences and how many more.
     *
     * @return 0 without a difference, else {@value #DIFFERENCES}
     */
    static int report(Verification verification, PrintStream out) {
        for (Map.Entry<String, CopyCounts> app : verification.source().entrySet()) {
            String id = app.getKey();
            out.printf("Verify %s: source %s (digest %.12s), target %s (digest %.12s)%n", id, app.getValue(),
                    verification.sourceDigests().get(id), verification.target().get(id),
                    verification.targetDigests().get(id));
        }
        List<Difference> differences = verification.differences();
        differences.stream().limit(SHOWN_DIFFERENCES).forEach(difference -> out.println("  " + difference));
        if (differences.size() > SHOWN_DIFFERENCES) {
            out.println("  … and " + (differences.size() - SHOWN_DIFFERENCES) + " more");
        }
        out.println(differences.isEmpty() ? "Verified: no difference" : differences.size() + " differences");
        return differences.isEmpty() ? 0 : DIFFERENCES;
    }

    /**
     * Prints progress: on a terminal one line rewritten in place five times a second, otherwise a
     * line after the first page and then every five seconds; each with the items read per kind
     * (of the total per kind, when the copy knows it) and the rate since the start, and with a
     * total a bar (on a terminal), the share done and the time left at that rate (for an import,
     * at the pace of its conversations, {@link CopyProgress.Basis.Conversations}).
     */
    static final class ProgressPrinter implements Consumer<CopyProgress> {
        private static final int BAR = 20;

        private final PrintStream out;
        private final boolean terminal;
        private final LongSupplier nanos;
        private final long started;
        private Long printedAt;
        private CopyProgress last = CopyProgress.START;

        ProgressPrinter(PrintStream out, boolean terminal, LongSupplier nanos) {
            this.out = out;
            this.terminal = terminal;
            this.nanos = nanos;
            this.started = nanos.getAsLong();
        }

        @Override
        public void accept(CopyProgress progress) {
            last = progress;
            long now = nanos.getAsLong();
            if (printedAt == null || (now - printedAt) / 1_000_000 >= (terminal ? TERMINAL_EVERY_MS : LINE_EVERY_MS)) {
                printedAt = now;
                print(now);
            }
        }

        void finish() {
            if (terminal) {
                print(nanos.getAsLong());
                out.println();
            }
        }

        private void print(long now) {
            String line = line(last, Duration.ofNanos(now - started), terminal);
            if (terminal) {
                out.print("\r" + line + "\u001b[K");
            } else {
                out.println(line);
            }
            out.flush();
        }

        /**
         * One progress line after {@code elapsed}, with a bar when {@code bar} and the total is
         * known. An import's line says what its estimate rests on: the share is of the
         * conversations, the messages expected are marked {@code ~} while they are an estimate, and
         * the time left comes with the conversations' rate.
         */
        static String line(CopyProgress progress, Duration elapsed, boolean bar) {
            double seconds = Math.max(1e-3, elapsed.toNanos() / 1e9);
            String rate = String.format(Locale.ROOT, "%,.0f items/s", progress.read().total() / seconds);
            CopyProgress.Basis.Conversations paced = progress.basis() instanceof CopyProgress.Basis.Conversations c
                    ? c : null;
            if (paced != null && !paced.complete()) {
                return String.format(Locale.ROOT, "%s | %s | listing conversations for the totals: %,d so far",
                        progress.read(), rate, paced.listed());
            }
            OptionalDouble done = progress.done();
            if (done.isEmpty()) {
                return progress.read() + " | " + rate;
            }
            CopyCounts read = progress.read();
            CopyCounts expected = progress.expected();
            String kinds = String.format(Locale.ROOT, "%,d/%,d apps, %,d/%,d users, %,d/%,d conversations, %s",
                    read.apps(), expected.apps(), read.users(), expected.users(), read.conversations(),
                    expected.conversations(), messages(read, expected, paced != null));
            String share = (int) Math.floor(done.getAsDouble() * 100) + "%"
                    + (paced == null ? "" : " of conversations");
            String left = progress.timeLeft(elapsed).map(ProgressPrinter::eta).orElse("ETA --");
            if (paced != null && read.conversations() > 0 && paced.took().toNanos() > 0) {
                left += " at " + perSecond(read.conversations() / (paced.took().toNanos() / 1e9)) + " conversations/s";
            }
            String shown = share + " | " + kinds + " | " + rate + " | " + left;
            if (!bar) {
                return shown;
            }
            int filled = (int) Math.floor(done.getAsDouble() * BAR);
            return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + shown;
        }

        /** The messages read of those expected, the total marked {@code ~} when {@code estimated} and not reached. */
        private static String messages(CopyCounts read, CopyCounts expected, boolean estimated) {
            if (!estimated || read.conversations() >= expected.conversations()) {
                return String.format(Locale.ROOT, "%,d/%,d messages", read.messages(), expected.messages());
            }
            if (read.conversations() == 0) {
                return String.format(Locale.ROOT, "%,d messages", read.messages());
            }
            return String.format(Locale.ROOT, "%,d/~%,d messages", read.messages(), expected.messages());
        }

        /** A rate: no decimal from 10 on, one from 1, two below 1. */
        private static String perSecond(double rate) {
            return String.format(Locale.ROOT, rate >= 10 ? "%,.0f" : rate >= 1 ? "%.1f" : "%.2f", rate);
        }

        /** {@return "ETA" and the time, in hours and minutes, minutes and seconds, or seconds} */
        static String eta(Duration left) {
            long seconds = (left.toMillis() + 999) / 1000;
            if (seconds >= 3600) {
                return String.format(Locale.ROOT, "ETA %dh %02dm", seconds / 3600, seconds % 3600 / 60);
            }
            if (seconds >= 60) {
                return String.format(Locale.ROOT, "ETA %dm %02ds", seconds / 60, seconds % 60);
            }
            return "ETA " + seconds + "s";
        }
    }
}
