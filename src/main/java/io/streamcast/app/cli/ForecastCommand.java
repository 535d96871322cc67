package io.streamcast.app.cli;

import io.streamcast.app.EvalSettings;
import io.streamcast.eval.forecast.ForecastMetrics;
import io.streamcast.eval.forecast.ForecastPlot;
import io.streamcast.eval.forecast.TimeSeriesCsv;
import io.streamcast.eval.forecast.WalkForwardEvaluation;
import io.streamcast.stream.StreamcastConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Walk-forward evaluation of k-step forecasts over a timestamp,value CSV: the series is replayed"
                + " through the stream's per-key step with retraining on the trainer's schedule (past rows only),"
                + " and the model, persistence and seasonal naive are scored on the same rows.")
final class ForecastCommand implements Callable<Integer> {

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "timestamp,value CSV with a header.")
    Path csv;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "K", description = "Steps ahead (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--skip", defaultValue = "0", paramLabel = "N",
            description = "Score the rows after the first N (default: ${DEFAULT-VALUE}).")
    int skip;

    @Option(names = "--season-days", defaultValue = "7",
            description = "Season of the seasonal-naive reference, in days (default: ${DEFAULT-VALUE}).")
    double seasonDays;

    @Option(names = "--config", paramLabel = "FILE", description = "Streamcast settings (default: the defaults).")
    Path configFile;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw actual against forecast.")
    Path plot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        if (horizon < 1 || skip < 0 || !(seasonDays > 0)) {
            spec.commandLine().getErr().println("--horizon must be at least 1, --skip not negative, --season-days positive");
            return 2;
        }
        StreamcastConfig config = EvalSettings.load(configFile,
                Map.of(StreamcastConfig.FORECAST_HORIZON_CONFIG, horizon));
        TimeSeriesCsv series = TimeSeriesCsv.read(csv);
        int seasonRows = (int) Math.round(seasonDays * 86_400_000L / series.medianStepMillis());
        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(config.predictorSettings(),
                config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) ? config.trainerSettings() : null)
                .run(series, skip, seasonRows);
        out.printf(Locale.ROOT, "%s: %d rows, horizon %d, scored rows %d..%d (%d), season %d rows,"
                        + " %d training rounds, %d models published%n", csv.getFileName(), series.length(), horizon,
                result.firstScored(), series.length() - 1, result.actual().length, seasonRows, result.rounds(),
                result.published());
        out.println(result.refused().describe() + "; not scored");
        out.printf(Locale.ROOT, "%-16s %9s %9s %9s%n", "method", "mape", "nrmse", "mase");
        line(out, "streamcast", result.modelMetrics(), result.persistenceMetrics());
        line(out, "persistence", result.persistenceMetrics(), result.persistenceMetrics());
        line(out, "seasonal-naive", result.seasonalMetrics(), result.persistenceMetrics());
        if (plot != null) {
            ForecastPlot.write(plot, csv.getFileName() + ": " + horizon + "-step forecasts", result);
            out.println("plot written to " + plot);
        }
        out.printf(Locale.ROOT, "run time %.1f s%n", (System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "forecast horizon=%d mape=%.4f nrmse=%.4f mase=%.4f%n", horizon,
                result.modelMetrics().mape(), result.modelMetrics().nrmse(), result.mase());
        return 0;
    }

    private static void line(PrintWriter out, String name, ForecastMetrics metrics, ForecastMetrics persistence) {
        out.printf(Locale.ROOT, "%-16s %9.4f %9.4f %9.4f%n", name, metrics.mape(), metrics.nrmse(),
                metrics.maseAgainst(persistence));
    }
}
