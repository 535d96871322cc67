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

    /**
     * An instance the group coordinator fenced just after the broker restart (a Kafka race a restart mends) leaves the
     * run clean, and the line says it; a crash does not.
     */
    @Test
    void shouldCountInstancesFencedAfterABrokerRestartApartFromCrashes() {
        SoakReport fenced = report(0, 2, 1, 0);
        SoakReport crashed = report(1, 0, 1, 0);

        assertThat(fenced.clean()).isTrue();
        assertThat(fenced.line()).contains(" crashed=0 fenced_after_broker_restart=2 ").endsWith(" result=clean");
        assertThat(crashed.clean()).isFalse();
        assertThat(crashed.line()).contains(" crashed=1 fenced_after_broker_restart=0 ").endsWith(" result=FAILED");
    }

    private static SoakReport report(long newestVersion, long mismatches) {
        return report(0, 0, newestVersion, mismatches);
    }

    private static SoakReport report(int crashed, int fenced, long newestVersion, long mismatches) {
        return new SoakReport(10, 6, 10, 3, 1, 100, 100, 100, 0, 0, 0, 0, newestVersion, mismatches, 0, crashed, fenced,
                60);
    }
}
