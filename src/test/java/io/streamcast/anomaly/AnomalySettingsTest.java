package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnomalySettingsTest {

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> new AnomalySettings(1.5, 200, 10, 2000, 100))
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> new AnomalySettings(0.5, -1, 10, 2000, 100))
                .hasMessageContaining("learning period");
        assertThatThrownBy(() -> new AnomalySettings(0.5, 200, AnomalySettings.MAX_WINDOW + 1, 2000, 100))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> new AnomalySettings(0.5, 200, 10, 9, 100))
                .hasMessageContaining("bucket");
        assertThatThrownBy(() -> new AnomalySettings(0.5, 200, 10, 2000, -1))
                .hasMessageContaining("refractory");
        assertThatThrownBy(() -> AnomalySettings.defaults().withRelearningPeriod(-1))
                .hasMessageContaining("relearning period");
    }

    @Test
    void shouldChangeOnlyTheThreshold() {
        AnomalySettings changed = AnomalySettings.defaults().withThreshold(0.25);
        assertThat(changed.threshold()).isEqualTo(0.25);
        assertThat(changed.withThreshold(AnomalySettings.DEFAULT_THRESHOLD)).isEqualTo(AnomalySettings.defaults());
    }
}
