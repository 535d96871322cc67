package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.lstm.TrainingSettings;
import org.junit.jupiter.api.Test;

class TrainerSettingsTest {

    private static final TrainerSettings SETTINGS = new TrainerSettings(8, 2, 1_000, 5, 10, 100, 20, 0.2, 0.01,
            new TrainingSettings(0.01, 16, 30, 5, 1.0, 4, 7, 4), ModelChoices.AS_CONFIGURED, 24);

    @Test
    void shouldChangeOnlyTheTrainingThreads() {
        TrainerSettings single = SETTINGS.withTrainingThreads(1);

        assertThat(single).isEqualTo(new TrainerSettings(8, 2, 1_000, 5, 10, 100, 20, 0.2, 0.01,
                new TrainingSettings(0.01, 16, 30, 5, 1.0, 4, 7, 1), ModelChoices.AS_CONFIGURED, 24));
    }

    /** The gap between a key's window sets is the history length, which is also a window's most rows. */
    @Test
    void shouldTakeTheGapAsTheMostRowsOfAWindow() {
        assertThat(SETTINGS.windowRows()).isEqualTo(24);
    }
}
