package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoakReportTest {

    /**
     * A training soak on a loaded machine reported "clean" with newest_version=0: no round finished between kills, so
     * its version check had nothing to check, and said nothing of it.
     */
    @Test
    void shouldSayWhenATrainingSoakPublishedNoVersionToCheck() {
        SoakReport untrained = report(0, -1);

        assertThat(untrained.clean()).isTrue();
        assertThat(untrained.caveat()).startsWith("No model version was published while soaking");
    }

    @Test
    void shouldHaveNothingToAddWhenAVersionWasPublishedOrTrainingWasOff() {
        assertThat(report(3, -1).caveat()).isNull();
        assertThat(report(0, 0).caveat()).isNull();
    }

    private static SoakReport report(long newestVersion, long mismatches) {
        return new SoakReport(10, 6, 10, 3, 0, 100, 100, 100, 0, 0, 0, 0, newestVersion, mismatches, 0, 0, 60);
    }
}
