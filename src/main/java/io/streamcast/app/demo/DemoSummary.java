package io.streamcast.app.demo;

import java.util.Locale;

/** What a demo run did, printed as its last line. */
public record DemoSummary(long events, long predictions, long deadLetters, long anomalies, long modelVersion,
                          double maseOfFirstTenth, double maseOfLastTenth, double predictionsPerSecond) {

    public String line() {
        return String.format(Locale.ROOT, "summary events=%d predictions=%d dead_letters=%d anomalies=%d"
                        + " model_version=%d mase_first10=%.4f mase_last10=%.4f predictions_per_s=%.0f",
                events, predictions, deadLetters, anomalies, modelVersion, maseOfFirstTenth, maseOfLastTenth,
                predictionsPerSecond);
    }
}
