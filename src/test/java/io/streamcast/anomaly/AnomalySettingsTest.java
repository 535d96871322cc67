package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnomalySettingsTest {

    private static AnomalySettings with(double threshold, double recordDecay, int window, int buckets) {
        return new AnomalySettings(threshold, 100, recordDecay, 10, 5, window, 5, 0.005, buckets, 0.02, 30);
    }

    @Test
    void shouldAcceptTheDefaults() {
        AnomalySettings defaults = AnomalySettings.defaults();

        assertThat(defaults.threshold()).isEqualTo(AnomalySettings.DEFAULT_THRESHOLD);
        assertThat(defaults.withThreshold(0.7).threshold()).isEqualTo(0.7);
        assertThat(defaults.withThreshold(0.7).window()).isEqualTo(defaults.window());
    }

    @Test
    void shouldRefuseSettingsOutsideTheirRanges() {
        assertThatThrownBy(() -> with(1.5, 1e-4, 10, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> with(0.5, 0, 10, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record decay");
        assertThatThrownBy(() -> with(0.5, 1e-4, 0, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
        assertThatThrownBy(() -> with(0.5, 1e-4, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("season buckets");
        assertThatThrownBy(() -> new AnomalySettings(0.5, -1, 1e-4, 10, 5, 10, 5, 0.005, 24, 0.02, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learning period");
        assertThatThrownBy(() -> new AnomalySettings(0.5, 150, 1e-4, 10, 5, 10, 5, 0.005, 24, 0.02, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refractory");
    }
}
