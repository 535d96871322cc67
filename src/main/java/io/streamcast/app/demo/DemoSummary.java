package io.streamcast.app.demo;

import java.util.Locale;

/** What a demo run did, printed as its last line. */
public record DemoSummary(long events, long predictions, long deadLetters, long anomalies, long modelVersion,
                          double maseOfFirstTenth, double maseOfLastTenth, double predictionsPerSecond) {

    public String line() {
        return String.format(Locale.ROOT, "summary events=%d predictions=%d dead_letters=%d anomalies=%d"
                        + " model_version=%d mase_first10=%s mase_last10=%s predictions_per_s=%.0f",
                events, predictions, deadLetters, anomalies, modelVersion, MaseText.of(maseOfFirstTenth, 4),
                MaseText.of(maseOfLastTenth, 4), predictionsPerSecond);
    }
}
