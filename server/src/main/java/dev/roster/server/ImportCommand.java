package dev.roster.server;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.http.source.TalkJsSource;
import dev.roster.server.copy.CopyCounts;
import dev.roster.server.copy.CopyProgress;
import dev.roster.server.copy.TalkJsImport;
import dev.roster.server.copy.Verification;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code java -jar roster-server.jar import --source-url URL --source-app ID --store URL [--app ID]
 * [--source-secret-file FILE] [--dry-run] [--verify]}: the command line of {@link TalkJsImport}. The source's
 * secret key comes from {@value #SECRET_VARIABLE} or {@code --source-secret-file}, never from the
 * command line, where the process list would show it. Exit codes: 0 done (and, with
 * {@code --verify}, no difference), 1 the source or the target failed, 2 a wrong option, 3
 * {@code --verify} found differences.
 */
final class ImportCommand {

    /** The environment variable holding the source app's secret key. */
    static final String SECRET_VARIABLE = "ROSTER_SOURCE_SECRET";
    static final String USAGE = "Usage: " + SECRET_VARIABLE + "=sk_… java -jar roster-server.jar import --source-url URL"
            + " --source-app ID --store URL [--app ID] [--source-secret-file FILE] [--dry-run] [--verify]\n"
            + "  --source-url URL   the TalkJS-compatible REST API to read (https://api.talkjs.com, or a Roster)\n"
            + "  --source-app ID    the app to read there\n"
            + "  --store URL        the store to write into (jdbc:h2:…, jdbc:postgresql:…, jdbc:mariadb:…, mongodb://…)\n"
            + "  --app ID           the app to write into (default: the source app's id); created when missing,\n"
            + "                     with the source's secret key\n"
            + "  --source-secret-file FILE  read the source's secret key from FILE instead of " + SECRET_VARIABLE + "\n"
            + "  --dry-run          count what the source holds and write nothing\n"
            + "  --verify           afterwards re-read the source and compare the target with it, printing the\n"
            + "                     counts and digest of each side and every difference (exit code 3 if any);\n"
            + "                     with --dry-run, compare only\n"
            + "An import writes only what the target lacks: run it again after a crash and it continues.";

    private ImportCommand() {
    }

    /** The options of one run. */
    record Options(String sourceUrl, String sourceApp, String secret, String store, String app, boolean dryRun,
                   boolean verify) {

        static Options parse(List<String> args, Map<String, String> environment) {
            String sourceUrl = null;
            String sourceApp = null;
            String secretFile = null;
            String store = null;
            String app = null;
            boolean dryRun = false;
            boolean verify = false;
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                switch (option) {
                    case "--dry-run" -> dryRun = true;
                    case "--verify" -> verify = true;
                    case "--source-url", "--source-app", "--source-secret-file", "--store", "--app" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(option + " needs a value");
                        }
                        String value = args.get(++i);
                        switch (option) {
                            case "--source-url" -> sourceUrl = value;
                            case "--source-app" -> sourceApp = value;
                            case "--source-secret-file" -> secretFile = value;
                            case "--store" -> store = value;
                            default -> app = value;
                        }
                    }
                    case "--source-secret" -> throw new IllegalArgumentException("--source-secret is not an option:"
                            + " the process list would show the key; set " + SECRET_VARIABLE
                            + " or use --source-secret-file");
                    default -> throw new IllegalArgumentException("Unknown option " + option);
                }
            }
            if (sourceUrl == null || sourceApp == null || store == null) {
                throw new IllegalArgumentException("import needs --source-url, --source-app and --store");
            }
            String secret = secretFile != null ? secretFile(secretFile) : environment.get(SECRET_VARIABLE);
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("The source's secret key is missing: set " + SECRET_VARIABLE
                        + " or use --source-secret-file");
            }
            return new Options(sourceUrl, sourceApp, secret.strip(), store, app == null ? sourceApp : app, dryRun,
                    verify);
        }

        private static String secretFile(String file) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException e) {
                throw new IllegalArgumentException("--source-secret-file cannot read " + file + ": " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "Options[" + sourceUrl + ", " + sourceApp + ", secret ***, " + store + ", " + app + ", " + dryRun
                    + ", " + verify + "]";
        }
    }

    /**
     * Runs the command.
     *
     * @param args        the arguments after {@code import}
     * @param environment the process environment, for {@value #SECRET_VARIABLE}
     * @param configure   applied to the source's builder before it is built (tests replace its sleeper)
     * @param out         where progress and the summary go
     * @param err         where errors go
     * @param terminal    whether {@code out} is a terminal (one progress line rewritten in place)
     * @return the exit code
     */
    static int run(List<String> args, Map<String, String> environment, UnaryOperator<TalkJsSource.Builder> configure,
                   PrintStream out, PrintStream err, boolean terminal) {
        if (args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        Options options;
        TalkJsSource source;
        try {
            options = Options.parse(args, environment);
            source = configure.apply(TalkJsSource.builder(URI.create(options.sourceUrl()), options.sourceApp(),
                    options.secret())).build();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (Roster target = Roster.builder().storageUrl(options.store()).build()) {
            out.println((options.dryRun() ? "Counting app " : "Importing app ") + options.sourceApp() + " of "
                    + options.sourceUrl() + (options.dryRun() ? "" : " into app " + options.app() + " of "
                    + redacted(options.store())));
            long started = System.nanoTime();
            CopyCommand.ProgressPrinter printer = new CopyCommand.ProgressPrinter(out, terminal, System::nanoTime);
            // A source key too short for a Roster app gets the target app a key of its own.
            String newSecret = options.secret().length() >= App.MIN_SECRET_LENGTH ? options.secret()
                    : RosterServer.newSecretKey();
            boolean creates = !options.dryRun() && target.findApp(options.app()).isEmpty();
            TalkJsImport run = TalkJsImport.of(source, target).intoApp(options.app()).secretForNewApp(newSecret)
                    .onProgress(printer);
            if (options.dryRun()) {
                CopyCounts counts = run.count();
                printer.finish();
                out.println("Dry run: the source holds " + counts + "; nothing written");
            } else {
                CopyProgress done = run.run();
                printer.finish();
                out.printf("Imported in %.1f s: read %s; wrote %s%n", (System.nanoTime() - started) / 1e9, done.read(),
                        done.written());
                if (creates) {
                    out.println("Created app " + options.app() + (newSecret.equals(options.secret())
                            ? " with the source app's secret key" : " with secret key " + newSecret
                            + " (shown only now; keep it)"));
                }
            }
            if (!options.verify()) {
                return 0;
            }
            Verification verification = run.verify();
            printer.finish();
            return CopyCommand.report(verification, out);
        } catch (RuntimeException e) {
            err.println("The import stopped: " + e.getMessage());
            return 1;
        }
    }

    /** The URL without its query, where a password may be. */
    private static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
