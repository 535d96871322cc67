package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.config.StreamcastConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The settings eval nab and eval forecast run with. */
class EvalSettingsTest {

    /**
     * Offline, a trainer that could never train replayed every row and reported no model published, where run refuses
     * the same settings at start-up: with a burn-in of 63 of a 64-event history no window step is scored, and a
     * training set of 4,096 windows never reaches 5,000.
     */
    @Test
    void shouldRefuseSettingsTheTrainerCouldNeverTrainWithNamingTheSetting() {
        assertThatThrownBy(() -> EvalSettings.load(null, Map.of(StreamcastConfig.TRAINING_BURN_IN_CONFIG, "63")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.burn.in")
                .hasMessageContaining("history.length - 1 = 63");
        assertThatThrownBy(() -> EvalSettings.load(null, Map.of(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, "5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.min.samples")
                .hasMessageContaining("training.set.capacity = 4096");
    }

    /**
     * Offline, a training set the heap cannot hold was taken, and a replay long enough would fill the heap, where run
     * refuses it at start-up:
     * 2,000,000,000 windows of at least 64 values of 4 bytes take at least 512 GB, above half of any heap this runs
     * with.
     */
    @Test
    void shouldRefuseTrainingSetsTheHeapCannotHoldNamingTheSetting() {
        assertThatThrownBy(() -> EvalSettings.load(null, Map.of(StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG,
                "2000000000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.set.capacity")
                .hasMessageContaining("more than half the heap");
    }

    @Test
    void shouldAcceptTheSameSettingsWithTrainingOff() {
        StreamcastConfig config = EvalSettings.load(null, Map.of(StreamcastConfig.TRAINING_BURN_IN_CONFIG, "63",
                StreamcastConfig.TRAINING_ENABLED_CONFIG, "false"));

        assertThat(config.getInt(StreamcastConfig.TRAINING_BURN_IN_CONFIG)).isEqualTo(63);
    }
}
