package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnomalySettingsTest {

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> AnomalySettings.builder().threshold(1.5).build())
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> AnomalySettings.builder().learningPeriod(-1).build())
                .hasMessageContaining("learning period");
        assertThatThrownBy(() -> AnomalySettings.builder().window(AnomalySettings.MAX_WINDOW + 1).build())
                .hasMessageContaining("window");
        assertThatThrownBy(() -> AnomalySettings.builder().window(10).bucket(9).build())
                .hasMessageContaining("bucket");
        assertThatThrownBy(() -> AnomalySettings.builder().refractoryEvents(-1).build())
                .hasMessageContaining("refractory");
        assertThatThrownBy(() -> AnomalySettings.builder().relearningPeriod(-1).build())
                .hasMessageContaining("relearning period");
    }

    @Test
    void shouldChangeOnlyTheSettingsNamed() {
        AnomalySettings changed = AnomalySettings.defaults().toBuilder().threshold(0.25).dailyProfile(false).build();

        assertThat(changed.threshold()).isEqualTo(0.25);
        assertThat(changed.dailyProfile()).isFalse();
        assertThat(changed.toBuilder().threshold(AnomalySettings.DEFAULT_THRESHOLD).dailyProfile(true).build())
                .isEqualTo(AnomalySettings.defaults());
    }

    @Test
    void shouldStartFromTheDefaults() {
        assertThat(AnomalySettings.defaults()).isEqualTo(new AnomalySettings(AnomalySettings.DEFAULT_THRESHOLD,
                AnomalySettings.DEFAULT_LEARNING_PERIOD, AnomalySettings.DEFAULT_RELEARNING_PERIOD,
                AnomalySettings.DEFAULT_WINDOW, AnomalySettings.DEFAULT_BUCKET,
                AnomalySettings.DEFAULT_REFRACTORY_EVENTS,
                AnomalySettings.DEFAULT_REFRACTORY_ESCALATION, AnomalySettings.DEFAULT_DAILY_PROFILE,
                AnomalySettings.DEFAULT_DRIFT_CONFIRMATION, AnomalySettings.DEFAULT_VOLATILITY_CONFIRMATION,
                AnomalySettings.DEFAULT_RHYTHM_CONFIRMATION, AnomalySettings.DEFAULT_SURPRISE));
    }
}
