package io.streamcast.predict;

import io.streamcast.codec.BinaryWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How large the records a key produces can grow under given settings: its stored state once its history is full,
 * and the training window it sends (the trainer's snapshots: {@link io.streamcast.training.LargestSnapshot}).
 * Measured by encoding a key filled with incompressible values through the real codecs, so the figures follow
 * whatever format is in place; used at start-up to refuse settings whose records no producer could send.
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
        memory.lastPartition = Integer.MAX_VALUE;
        memory.lastOffset = Long.MAX_VALUE;
        // the detector's counts and the current day's, varints each, at the most a key's events can make them: left
        // at 0, a key a thousand events old wrote some 12 bytes per forecast value more than this measured
        memory.anomaly.countAsAfter(Long.MAX_VALUE);
        memory.similarDayStart = Long.MAX_VALUE;
        memory.similarDayEvents = Integer.MAX_VALUE;
        memory.forecastRows = memory.horizon();
        memory.historySize = memory.historyTimes.length;
        // the last day's deviations are stored only once their half hour is known (the one furthest from 1970 takes
        // the most bytes): left unknown, a weekly rhythm's 204 bytes per forecast value went unmeasured
        memory.weeklyDayLagHalfHour = DayLagDeviation.halfHour(Long.MIN_VALUE);
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
