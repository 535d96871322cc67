package io.streamcast.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo's last line: a MASE with no forecast errors to score reads "-", as on the progress lines. */
class DemoSummaryTest {

    @Test
    void shouldPrintADashForAMaseWithNothingToScore() {
        DemoSummary summary = new DemoSummary(20, 20, 0, 0, 0, Double.NaN, Double.NaN, 7.2);

        assertThat(summary.line()).isEqualTo("summary events=20 predictions=20 dead_letters=0 anomalies=0"
                + " model_version=0 mase_first10=- mase_last10=- predictions_per_s=7");
    }

    @Test
    void shouldPrintAScoredMaseToFourDecimals() {
        DemoSummary summary = new DemoSummary(40_000, 40_000, 4, 96, 5, 0.95181, 0.88389, 496.4);

        assertThat(summary.line()).isEqualTo("summary events=40000 predictions=40000 dead_letters=4 anomalies=96"
                + " model_version=5 mase_first10=0.9518 mase_last10=0.8839 predictions_per_s=496");
    }
}
