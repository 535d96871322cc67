package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.TrainingReport;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LargestSnapshotTest {

    /**
     * The size measured on one-unit networks, with the real network's weights counted in, is the size of the
     * largest real snapshot of the trainer's candidates (up to the weights' length prefix, at most 10 bytes).
     */
    @Test
    void shouldMeasureTheLargestModelSnapshotTheTrainerCanPublish() throws IOException {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 40);
        settings.put(StreamcastConfig.MODEL_LAYERS_CONFIG, 2);
        settings.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, 3);
        settings.put(StreamcastConfig.FORECAST_HORIZON_CONFIG, 4);
        StreamcastConfig config = new StreamcastConfig(settings);
        TrainerSettings trainer = config.trainerSettings();
        TrainingReport report = TrainingReport.newBuilder().setTrainLoss(1).setValidationLoss(1)
                .setChampionVersion(Long.MAX_VALUE).setChampionValidationLoss(1.0).setSamples(Long.MAX_VALUE)
                .setEpochs(Integer.MAX_VALUE).setDurationMs(Long.MAX_VALUE)
                .setHyperparameters(trainer.describe()).build();

        long largest = 0;
        for (InputSpec spec : trainer.choices().specs(config.inputSpec())) {
            LstmModel network = LstmModel.initialise(spec.inputSize(), 40, 2, spec.outputSize(), 7);
            ForecastModel model = new ForecastModel("model", ForecastModel.MAX_VERSION, Long.MAX_VALUE, spec, network,
                    report);
            largest = Math.max(largest, ModelSnapshotCodec.toSnapshot(model).toByteBuffer().remaining());
        }

        // 4 bytes per weight: 4 gates x 40 units x (3 values + 4 calendar inputs + 40 + 1) in the first layer, ...
        assertThat(largest).isGreaterThan(4L * 4 * 40 * (3 + 4 + 40 + 1));
        assertThat(LargestSnapshot.bytes("model", config.inputSpec(), trainer))
                .isBetween(largest, largest + 10);
    }
}
