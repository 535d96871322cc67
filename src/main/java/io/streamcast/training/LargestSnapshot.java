package io.streamcast.training;

import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How large a model snapshot the trainer can publish under given settings; used at start-up to refuse settings whose
 * snapshots the models topic could not take.
 */
public final class LargestSnapshot {

    private LargestSnapshot() {
    }

    /**
     * Bytes of the largest model snapshot the trainer can publish, in Avro's binary encoding: that of the largest of
     * its candidates, with its training report. Measured on a network of one hidden unit of each candidate's spec
     * through the real codec, with the real network's weights counted in place of its own, so that a large network
     * need not be built to be measured.
     */
    public static long bytes(String modelName, InputSpec configured, TrainerSettings trainer) {
        long largest = 0;
        for (InputSpec spec : trainer.choices().specs(configured)) {
            int in = spec.inputSize();
            int out = spec.outputSize();
            LstmModel unit = LstmModel.initialise(in, 1, 1, out, 1);
            TrainingReport report = TrainingReport.newBuilder().setTrainLoss(1).setValidationLoss(1)
                    .setChampionVersion(Long.MAX_VALUE).setChampionValidationLoss(1.0).setSamples(Long.MAX_VALUE)
                    .setEpochs(Integer.MAX_VALUE).setDurationMs(Long.MAX_VALUE)
                    .setHyperparameters(trainer.describe()).build();
            ForecastModel model = new ForecastModel(modelName, ForecastModel.MAX_VERSION, Long.MAX_VALUE, spec, unit,
                    report);
            long measured;
            try {
                measured = ModelSnapshotCodec.toSnapshot(model).toByteBuffer().remaining();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long weights = 4 * LstmModel.parameterCount(in, trainer.hiddenSize(), trainer.layers(), out);
            // the weights' length prefix is a varint of at most 10 bytes
            largest = Math.max(largest, measured - 4L * unit.parameterCount() + weights + 10);
        }
        return largest;
    }
}
