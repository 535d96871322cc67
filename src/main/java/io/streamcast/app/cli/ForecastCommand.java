package io.streamcast.app.cli;

import io.streamcast.app.EvalSettings;
import io.streamcast.app.FileProblems;
import io.streamcast.eval.RegularFiles;
import io.streamcast.eval.forecast.ForecastMetrics;
import io.streamcast.eval.forecast.ForecastPlot;
import io.streamcast.eval.forecast.ForecasterShares;
import io.streamcast.eval.forecast.PooledScores;
import io.streamcast.eval.forecast.TimeSeriesCsv;
import io.streamcast.eval.forecast.WalkForwardEvaluation;
import io.streamcast.eval.forecast.WalkForwardEvaluation.KeyedSeries;
import io.streamcast.eval.forecast.WalkForwardEvaluation.Result;
import io.streamcast.eval.forecast.WalkForwardEvaluation.Scores;
import io.streamcast.eval.forecast.WalkForwardEvaluation.Season;
import io.streamcast.config.StreamcastConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Walk-forward evaluation of k-step forecasts and their prediction intervals over timestamp,value"
                + " series: the series are replayed through the stream's per-key step as keys of one stream, sharing"
                + " one model and one trainer that retrains on the trainer's schedule (past rows only), and the"
                + " model, persistence and seasonal naive are scored on the same rows.")
final class ForecastCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--csv", required = true, paramLabel = "FILE",
                description = "A timestamp,value CSV with a header: one key; or, with --key-column, several keys.")
        Path csv;

        @Option(names = "--dir", required = true, paramLabel = "DIR",
                description = "A directory of timestamp,value CSVs (*.csv), each one key named after its file.")
        Path dir;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--key-column", paramLabel = "NAME",
            description = "With --csv: the header's column that names each row's key.")
    String keyColumn;

    @Option(names = "--horizon", paramLabel = "K",
            description = "Steps ahead (default: forecast.horizon of --config, else 1).")
    Integer horizonOption;

    private int horizon;

    @Option(names = "--skip", defaultValue = "0", paramLabel = "N",
            description = "Score each key's rows after its first N (default: ${DEFAULT-VALUE}); a row without a value"
                    + " a season (in time) before it is not scored in any case.")
    int skip;

    @Option(names = "--season-days", defaultValue = "1,7", split = ",", paramLabel = "DAYS",
            description = "Seasons of the seasonal-naive references, in days (default: ${DEFAULT-VALUE}); each"
                    + " forecasts a row by the row timestamped that long before it, and a row without one is not"
                    + " scored.")
    List<Double> seasonDays;

    @Option(names = "--config", paramLabel = "FILE", description = "Streamcast settings (default: the defaults).")
    Path configFile;

    @Option(names = "--plot", paramLabel = "PATH",
            description = "Draw actual against forecast and its interval: a PNG file for one key; for several keys, or"
                    + " a PATH that is a directory or ends in '/', one PNG per key in that directory, named after the"
                    + " key (made as needed). An existing file is overwritten.")
    void plot(String path) {
        if (path != null && path.isEmpty()) {
            // Path.of("") is the working directory, into which the plots went unasked
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--plot': '' is no path; give a PNG file or a directory");
        }
        plot = path == null ? null : Path.of(path);
        // Path drops a trailing separator, which is how a user says "a directory" of one that does not exist yet
        plotNamesDirectory = path != null && (path.endsWith("/") || path.endsWith(File.separator));
    }

    private Path plot;
    private boolean plotNamesDirectory;
    /** Whether {@link #plot} is the directory of one PNG per key rather than the one key's PNG; settled by read. */
    private boolean plotIntoDirectory;

    @Spec
    CommandSpec spec;

    /** Why each file of {@code --dir} (or key of {@code --key-column}) that could not be evaluated was left out. */
    private final List<String> leftOut = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        String badOption = horizonOption != null && horizonOption < 1 ? "--horizon must be at least 1"
                : skip < 0 ? "--skip must not be negative"
                : seasonDays.isEmpty() || seasonDays.stream().anyMatch(d -> !(d > 0))
                ? "--season-days must be positive numbers of days" : null;
        if (badOption != null) {
            err.println(badOption);
            return 2;
        }
        if (keyColumn != null && input.csv == null) {
            err.println("--key-column goes with --csv");
            return 2;
        }
        StreamcastConfig config = horizonOption == null ? EvalSettings.load(configFile, Map.of())
                : EvalSettings.load(configFile, Map.of(StreamcastConfig.FORECAST_HORIZON_CONFIG, horizonOption));
        horizon = config.getInt(StreamcastConfig.FORECAST_HORIZON_CONFIG);
        List<KeyedSeries> series;
        try {
            series = read();
        } catch (IllegalArgumentException e) {
            // a file that cannot be read is UserErrors' to report, with the reason
            err.println(e.getMessage());
            return 2;
        }
        if (series.isEmpty()) {
            err.println(leftOut.isEmpty() ? "no series found in " + input.dir + " (its .csv files are read; the"
                    + " folders in it are not)" : "no series could be evaluated: " + String.join("; ", leftOut));
            return 2;
        }
        preparePlot(series.size());
        WalkForwardEvaluation.Run run;
        try {
            run = new WalkForwardEvaluation(config.predictorSettings(),
                    config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) ? config.trainerSettings() : null)
                    .run(series, skip);
        } catch (IllegalArgumentException e) {
            // a series too short to score after its longest season, say
            err.println(e.getMessage());
            return 2;
        }
        String source = input.csv != null ? input.csv.getFileName().toString() : input.dir.toString();
        out.printf(Locale.ROOT, "%s: %d %s, %d rows, horizon %d, %d training rounds, %d models published%n", source,
                series.size(), series.size() == 1 ? "key" : "keys",
                series.stream().mapToInt(s -> s.data().length()).sum(), horizon, run.rounds(), run.published());
        out.println(run.refused().describe() + "; not scored");
        if (run.sharedTimestamps().count() > 0) {
            out.println(run.sharedTimestamps().describe());
        }
        leftOut.addAll(run.unscored());
        Map<String, KeyedSeries> byKey = new java.util.HashMap<>();
        series.forEach(s -> byKey.put(s.key(), s));
        for (Result result : run.keys()) {
            KeyedSeries keyed = byKey.get(result.key());
            out.printf(Locale.ROOT, "%n%s: scored rows %d..%d (%d), seasons %s; intervals scored on %d of them,"
                    + " where every method has one%n", keyed.key(), result.firstScored(), keyed.data().length() - 1,
                    result.actual().length, seasons(keyed.seasons()), result.model().interval().points());
            out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %12s %12s%n", "method", "mape", "nrmse", "mase",
                    "coverage", "width", "pinball");
            for (Scores scores : result.methods()) {
                out.printf(Locale.ROOT, "%-22s %9.4f %9.4f %9.4f %9.4f %12.5g %12.5g%n", scores.method(),
                        scores.accuracy().mape(), scores.accuracy().nrmse(),
                        scores.accuracy().maseAgainst(result.persistence().accuracy()), scores.interval().coverage(),
                        scores.interval().meanWidth(), scores.interval().meanPinball());
            }
            printForecasters(out, result.forecasters());
            undefinedMetrics(result).ifPresent(out::println);
        }
        out.printf(Locale.ROOT, "%nrun time %.1f s%n", (System.nanoTime() - start) / 1e9);
        if (run.keys().size() == 1) {
            Scores model = run.only().model();
            out.printf(Locale.ROOT, "forecast horizon=%d mape=%.4f nrmse=%.4f mase=%.4f coverage=%.4f width=%.5g%n",
                    horizon, model.accuracy().mape(), model.accuracy().nrmse(), run.only().mase(),
                    model.interval().coverage(), model.interval().meanWidth());
            ForecasterShares shares = run.only().forecasters();
            out.printf(Locale.ROOT, "forecast-model rows=%d share=%.4f mase=%.4f issued_mase=%.4f%n",
                    shares.modelRows(), shares.share("model"), shares.modelMase(), shares.issuedMase());
        } else {
            out.println("all keys: mape and nrmse arithmetic means over the keys, gm-mase the geometric mean of the"
                    + " keys' MASE, coverage over every key's points where every method has an interval");
            out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s%n", "method", "mape", "nrmse", "gm-mase", "coverage");
            List<PooledScores> pooled = PooledScores.of(run.keys());
            for (PooledScores p : pooled) {
                out.printf(Locale.ROOT, "%-22s %9.4f %9.4f %9.4f %9.4f%n", p.method(), p.meanMape(), p.meanNrmse(),
                        p.geoMeanMase(), p.coverage());
            }
            for (PooledScores p : pooled) {
                if (!p.everyKeyScored()) {
                    out.printf(Locale.ROOT, "%s: mape over %d, nrmse over %d, gm-mase over %d of the %d keys"
                            + " (undefined on the others: always 0, constant, persistence exact, or a MASE of 0)%n",
                            p.method(), p.mapeKeys(), p.nrmseKeys(), p.maseKeys(), p.keys());
                }
            }
            PooledScores model = pooled.get(0);
            out.printf(Locale.ROOT, "forecast keys=%d horizon=%d mape=%.4f nrmse=%.4f gm_mase=%.4f coverage=%.4f%n",
                    run.keys().size(), horizon, model.meanMape(), model.meanNrmse(), model.geoMeanMase(),
                    model.coverage());
        }
        // after the figures, so that a plot that cannot be written does not take them with it
        String plotFailure = null;
        if (plot != null) {
            try {
                writePlots(run.keys());
            } catch (IOException | UncheckedIOException e) {
                plotFailure = PlotErrors.line(e);
            }
        }
        out.flush();
        int status = reportLeftOut(err);
        if (plotFailure != null) {
            err.println(plotFailure);
            err.flush();
            return status != 0 ? status : PlotErrors.EXIT_PLOT_FAILED;
        }
        return status;
    }

    /**
     * Names, after the figures, each series that was left out and why; the exit status is 2 when there was one, so
     * that a script does not take the figures for every series'.
     */
    private int reportLeftOut(PrintWriter err) {
        if (leftOut.isEmpty()) {
            return 0;
        }
        err.println("Input error: " + leftOut.size() + " series could not be evaluated and "
                + (leftOut.size() == 1 ? "is" : "are") + " not in the figures above:");
        leftOut.forEach(reason -> err.println("  " + reason));
        err.flush();
        return UserErrors.EXIT_USAGE;
    }

    /** Which forecasters issued the key's scored forecasts, and how its model's own forecasts did. */
    private static void printForecasters(PrintWriter out, ForecasterShares shares) {
        StringBuilder line = new StringBuilder("issued by:");
        shares.issuedBy().forEach((name, share) ->
                line.append(String.format(Locale.ROOT, " %s %.1f %%,", name, 100 * share)));
        out.println(line.substring(0, line.length() - 1));
        if (shares.modelRows() == 0) {
            out.println("the model made no forecast of a scored row");
        } else {
            out.printf(Locale.ROOT, "the model's own forecasts, on the %d scored rows it forecast: mape %.4f "
                    + "nrmse %.4f mase %.4f (issued on the same rows: mase %.4f)%n", shares.modelRows(),
                    shares.model().mape(), shares.model().nrmse(), shares.modelMase(), shares.issuedMase());
        }
    }

    private static final String CSV = ".csv";

    /** Whether a file in --dir is a series: named .csv in any case, as exports from Windows tools write .CSV. */
    static boolean isCsv(String fileName) {
        return fileName.regionMatches(true, fileName.length() - CSV.length(), CSV, 0, CSV.length());
    }

    private List<KeyedSeries> read() throws IOException {
        List<KeyedSeries> series = new ArrayList<>();
        if (input.dir != null) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(input.dir)) {
                // a folder named x.csv is no series, and the folders in --dir are not read, whatever their names
                files = listing.filter(p -> isCsv(p.getFileName().toString()) && !Files.isDirectory(p))
                        .sorted().toList();
            }
            // Each file is read on its own: one that cannot be read, or is too short for a season, is left out and
            // named, and the others are evaluated.
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    TimeSeriesCsv data = TimeSeriesCsv.read(file);
                    try {
                        series.add(keyed(name.substring(0, name.length() - CSV.length()), data));
                    } catch (IllegalArgumentException e) {
                        leftOut.add(file + ": " + e.getMessage());
                    }
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    leftOut.add(e instanceof UncheckedIOException u
                            ? u.getMessage() + ": " + FileProblems.reason(u.getCause()) : e.getMessage());
                }
            }
        } else if (keyColumn != null) {
            Map<String, TimeSeriesCsv> keys = TimeSeriesCsv.readKeyed(input.csv, keyColumn);
            keys.forEach((key, data) -> {
                try {
                    series.add(keyed(key, data));
                } catch (IllegalArgumentException e) {
                    if (keys.size() == 1) {
                        throw e;
                    }
                    leftOut.add(input.csv + ", key " + key + ": " + e.getMessage());
                }
            });
        } else {
            series.add(keyed(input.csv.getFileName().toString(), TimeSeriesCsv.read(input.csv)));
            Map<String, Boolean> unread = TimeSeriesCsv.otherColumns(input.csv);
            if (!unread.isEmpty()) {
                // a file of several keys' series read as one interleaves them, and its figures say nothing of either
                String keys = unread.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                        .findFirst().orElse("NAME");
                spec.commandLine().getErr().println("note: " + input.csv.getFileName() + "'s columns "
                        + String.join(", ", unread.keySet()) + " are not read; for one series per key of a column,"
                        + " give --key-column " + keys);
            }
        }
        return series;
    }

    /**
     * A key's series with its seasons. A season is a span of time, so that a file with missing rows is forecast from
     * the value a day before and not from the row a day's worth of rows before; one longer than the key's rows span
     * could forecast no row, and is refused here by its option rather than later as a key with nothing to score.
     */
    private KeyedSeries keyed(String key, TimeSeriesCsv data) {
        if (data.length() == 0) {
            throw new IllegalArgumentException(key + ": no rows to evaluate");
        }
        long span = Arrays.stream(data.times()).max().getAsLong() - Arrays.stream(data.times()).min().getAsLong();
        List<Season> seasons = new ArrayList<>();
        for (double days : seasonDays) {
            String name = days == Math.rint(days) && days < 1e15 ? Long.toString((long) days) : Double.toString(days);
            double millis = days * 86_400_000d;
            if (millis < 1) {
                throw new IllegalArgumentException("--season-days " + name + " is shorter than a millisecond");
            }
            if (millis > span) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--season-days %s is longer than the"
                        + " %.4g days %s's rows span: no row has one a season before it", name, span / 86_400_000d,
                        key));
            }
            seasons.add(new Season(name + "d", Duration.ofMillis(Math.round(millis))));
        }
        return new KeyedSeries(key, data, seasons);
    }

    /**
     * Why a metric prints NaN: MAPE divides by the scored values' magnitudes, NRMSE by their standard deviation and
     * MASE by persistence's error, each 0 for a constant series (all zeros for MAPE). Printed bare, the NaN was
     * left for the user to explain.
     */
    static Optional<String> undefinedMetrics(Result result) {
        ForecastMetrics persistence = result.persistence().accuracy();
        List<String> undefined = new ArrayList<>();
        if (Double.isNaN(persistence.mape())) {
            undefined.add("mape (every scored value is 0)");
        }
        if (Double.isNaN(persistence.nrmse())) {
            undefined.add("nrmse (the scored values do not vary)");
        }
        if (persistence.mae() == 0) {
            undefined.add("mase (persistence forecast every scored value exactly)");
        }
        return undefined.isEmpty() ? Optional.empty()
                : Optional.of("undefined, so NaN: " + String.join(", ", undefined));
    }

    private static String seasons(List<Season> seasons) {
        return String.join(", ", seasons.stream().map(Season::name).toList());
    }

    /**
     * Where the plots go, settled by the series read and made ready before the evaluation, which can take minutes, so
     * that a path that cannot take them is said before it and not after. One series is plotted to the file
     * {@code --plot} names, whose directory must exist, unless it names a directory (an existing one, or a path
     * ending in '/'); several series, or one into a directory, to PNGs in the directory, made here.
     */
    private void preparePlot(int keys) throws IOException {
        if (plot == null) {
            return;
        }
        plotIntoDirectory = keys > 1 || plotNamesDirectory || Files.isDirectory(plot);
        if (plotIntoDirectory) {
            WritableDirectory.require(plot);
            return;
        }
        Path parent = plot.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            // a file where the directory should be is no missing file ("no such file" denied what the user can see)
            throw Files.exists(parent) ? new NotDirectoryException(parent.toString())
                    : new NoSuchFileException(parent.toString(), null, "the directory for --plot does not exist");
        }
        probeFile(plot);
    }

    /**
     * Opens an existing {@code file} for writing, without truncating it, or tries a new one beside it: only a write
     * tells whether one will do (root writes past the permission bits; a read-only location refuses root too).
     */
    private static void probeFile(Path file) throws IOException {
        // a named pipe would hold the write until something reads it
        RegularFiles.requireRegular(file);
        if (Files.exists(file)) {
            Files.newOutputStream(file, StandardOpenOption.WRITE).close();
        } else {
            // a file beside it, not the plot itself: a link to nowhere would leave its target made
            WritableDirectory.probe(file.toAbsolutePath().getParent(), file);
        }
    }

    private void writePlots(List<Result> results) throws IOException {
        if (!plotIntoDirectory) {
            ForecastPlot.write(plot, results.get(0).key() + ": " + horizon + "-step forecasts", results.get(0));
            spec.commandLine().getOut().println("plot written to " + plot);
            return;
        }
        Map<String, String> names = plotNames(results.stream().map(Result::key).toList());
        for (Result result : results) {
            ForecastPlot.write(plot.resolve(names.get(result.key())),
                    result.key() + ": " + horizon + "-step forecasts", result);
        }
        spec.commandLine().getOut().println(results.size() == 1
                ? "plot written to " + plot.resolve(names.get(results.get(0).key()))
                : results.size() + " plots written to " + plot);
        names.forEach((key, name) -> {
            if (!name.equals(fileName(key) + ".png")) {
                spec.commandLine().getOut().println("plot of " + key + " in " + name);
            }
        });
    }

    /** Characters of a key's plot name before its suffix: a file name takes 255 bytes, and these are ASCII. */
    private static final int PLOT_NAME_CHARS = 200;

    /**
     * Each key's PNG in the plot directory: its {@link #fileName}, unless that is another key's too ({@code a/b} and
     * {@code a_b}, which keeps it) or longer than a file name may be, when a hash of the key tells it apart; one key's
     * plot was drawn over the other's, and a long key stopped the command after the evaluation.
     */
    static Map<String, String> plotNames(List<String> keys) {
        Map<String, Long> uses = keys.stream().collect(java.util.stream.Collectors.groupingBy(
                ForecastCommand::fileName, java.util.stream.Collectors.counting()));
        Map<String, String> names = new java.util.LinkedHashMap<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (String key : keys) {
            String name = fileName(key);
            // of keys that share a name, one already written as that name (a_b, not a/b) keeps it
            if (uses.get(name) > 1 && !name.equals(key) || name.length() > PLOT_NAME_CHARS) {
                String base = name.substring(0, Math.min(name.length(), PLOT_NAME_CHARS)) + "-"
                        + Integer.toHexString(key.hashCode());
                name = base;
                for (int n = 2; uses.containsKey(name) || taken.contains(name); n++) {
                    name = base + "-" + n;
                }
            }
            taken.add(name);
            names.put(key, name + ".png");
        }
        return names;
    }

    /**
     * A key as a file name in the plot directory: characters other than letters, digits, '.', '_' and '-' become '_'
     * (a key {@code host/a} would name a directory that does not exist, {@code ../x} a file outside it).
     */
    static String fileName(String key) {
        String name = key.replaceAll("[^A-Za-z0-9._-]", "_");
        // an empty key would name the hidden file .png
        return name.isEmpty() ? "_" : name.startsWith(".") ? "_" + name.substring(1) : name;
    }
}
