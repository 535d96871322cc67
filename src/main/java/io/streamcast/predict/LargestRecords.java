package io.streamcast.predict;

import io.streamcast.codec.BinaryWriter;
import io.streamcast.lstm.LstmModel;
import io.streamcast.schema.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How large the records a key produces can grow under given settings: its stored state once its history is full,
 * and the training window it sends; and how large a model snapshot the trainer publishes. Measured by encoding a key
 * filled with incompressible values through the real codecs, so the figures follow whatever format is in place; used
 * at start-up to refuse settings whose records no producer could send.
 */
public final class LargestRecords {

    private LargestRecords() {
    }

    /**
     * Bytes of the largest stored key state.
     *
     * @param lstmStateFloats floats of LSTM state a model of the configured shape keeps per key
     */
    public static int keyState(PredictorSettings settings, int lstmStateFloats) {
        return new KeyStateCodec().encode(full(settings, lstmStateFloats)).length;
    }

    /** Bytes of the largest training window a key sends, without its key. */
    public static int trainingWindow(PredictorSettings settings) {
        KeyStep step = new KeyStep(settings);
        return step.encodeTrainingSample(new byte[0], full(settings, 0), new BinaryWriter()).length;
    }

    /**
     * Bytes of the largest model snapshot the trainer can publish, in Avro's binary encoding: that of the largest of
     * its candidates, with its training report. Measured on a network of one hidden unit of each candidate's spec
     * through the real codec, with the real network's weights counted in place of its own, so that a large network
     * need not be built to be measured.
     */
    public static long modelSnapshot(String modelName, InputSpec configured, TrainerSettings trainer) {
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

    /**
     * A key state with every array at its capacity and values no encoding can shorten. Every array field is filled,
     * whatever components the state holds, so a component added later is measured too.
     */
    private static KeyMemory full(PredictorSettings settings, int lstmStateFloats) {
        KeyMemory memory = new KeyStep(settings).newMemory();
        SplittableRandom random = new SplittableRandom(1);
        memory.lstmState(lstmStateFloats);
        for (Field field : KeyMemory.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isPrivate(field.getModifiers())) {
                fill(field, memory, random);
            }
        }
        memory.eventCount = Long.MAX_VALUE;
        memory.lastEventTime = Long.MAX_VALUE;
        memory.modelVersion = Long.MAX_VALUE;
        memory.forecastRows = memory.horizon();
        memory.historySize = memory.historyTimes.length;
        return memory;
    }

    private static void fill(Field field, KeyMemory memory, SplittableRandom random) {
        try {
            Object value = field.get(memory);
            if (value instanceof double[] doubles) {
                for (int i = 0; i < doubles.length; i++) {
                    doubles[i] = random.nextDouble();
                }
            } else if (value instanceof float[] floats) {
                for (int i = 0; i < floats.length; i++) {
                    floats[i] = (float) random.nextDouble();
                }
            } else if (value instanceof long[] longs) {
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = random.nextLong() >>> 1;
                }
            } else if (value instanceof byte[] bytes) {
                // no zero byte: a count of zero can leave out what it counts (the weekly profile's means)
                Arrays.fill(bytes, Byte.MAX_VALUE);
            } else if (field.getType() == double.class) {
                field.setDouble(memory, random.nextDouble());
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot fill " + field, e);
        }
    }
}
