package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.TrainingSampleCodec;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer restarted with a mistakenly lower {@code history.length} trains on the windows stored under the longer one
 * as their last rows and keeps them whole in its RocksDB store, so that a restart back finds them whole; windows of
 * the longer length that arrive meanwhile are trained on and stored as their last rows.
 */
class TrainerHistoryLengthRestartTest {

    private static final int MIN_WINDOWS = 40;
    private static final int LONGER = 24;
    private static final int SHORTER = 12;

    @TempDir
    Path stateDir;

    private TrainerLife life(int historyLength) {
        Map<String, Object> settings = TestSettings.smallTrainer(MIN_WINDOWS);
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, historyLength);
        return new TrainerLife(new StreamcastConfig(settings), stateDir);
    }

    /** The first {@code count} windows a predictor of history.length=24 sends, from the four keys in turn. */
    private List<TrainingSample> longerWindows(int count) {
        Map<String, Object> settings = TestSettings.smallTrainer(MIN_WINDOWS);
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, LONGER);
        List<TrainingSample> all = PeriodicKeyWindows.of(new StreamcastConfig(settings).predictorSettings());
        int perKey = all.size() / 4;
        List<TrainingSample> taken = new ArrayList<>();
        for (int i = 0; taken.size() < count; i++) {
            taken.add(all.get((i % 4) * perKey + i / 4));
        }
        assertThat(taken).allSatisfy(window -> assertThat(rows(window)).isEqualTo(LONGER));
        return taken;
    }

    private static int rows(TrainingSample window) {
        return window.getTimes().remaining() / Long.BYTES;
    }

    /** The stored windows in id order, each in its stored encoding. */
    private static List<ByteBuffer> stored(TrainerLife life) {
        List<ByteBuffer> stored = new ArrayList<>();
        try (KeyValueIterator<Bytes, TrainingSample> all = life.windows.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, TrainingSample> entry = all.next();
                stored.add(ByteBuffer.wrap(TrainingSampleCodec.encode(entry.value)));
            }
        }
        return stored;
    }

    private static List<ByteBuffer> encoded(List<TrainingSample> windows) {
        return windows.stream().map(window -> ByteBuffer.wrap(TrainingSampleCodec.encode(window))).toList();
    }

    /** The last {@code count} of {@code rowBytes}-byte rows of {@code bytes}. */
    private static ByteBuffer lastRows(ByteBuffer bytes, int count, int rowBytes) {
        ByteBuffer tail = bytes.duplicate();
        tail.position(tail.limit() - count * rowBytes);
        return tail;
    }

    @Test
    void shouldTrainOnTheLastRowsOfLongerStoredWindowsAndKeepThemWholeForARestartBack() {
        List<TrainingSample> sent = longerWindows(MIN_WINDOWS);
        try (TrainerLife first = life(LONGER)) {
            first.trainer.init(first.context);
            sent.forEach(first::send);
            assertThat(stored(first)).as("stored at history.length=24").isEqualTo(encoded(sent));
        }

        try (TrainerLife mistaken = life(SHORTER); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            mistaken.trainer.init(mistaken.context);
            assertThat(log.warnings()).contains("Training on the last 12 rows of 40 stored training windows longer than"
                    + " history.length=12: the store keeps them whole, and a restart with the history.length they were"
                    + " stored under trains on them whole again");
            assertThat(log.messages()).contains("Trainer ready with 40 training windows from 4 keys");
            mistaken.tick();
            assertThat(mistaken.executor.pending()).as("the round on the windows' last rows").isEqualTo(1);
            assertThat(log.messages()).contains("Training round started on 40 windows from 4 keys against the"
                    + " fallback");
            assertThat(stored(mistaken)).as("never rewritten").isEqualTo(encoded(sent));
        }

        try (TrainerLife back = life(LONGER); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            back.trainer.init(back.context);
            assertThat(stored(back)).as("whole").isEqualTo(encoded(sent));
            assertThat(log.messages()).contains("Trainer ready with 40 training windows from 4 keys");
            assertThat(log.warnings()).noneMatch(warning -> warning.startsWith("Training on the last"));
        }
    }

    /**
     * Windows sent by predictors still on the longer history.length (a rolling restart that lowers it) are trained on
     * as their last rows, and stored so: whole, their records would be larger than the largest one start-up measured
     * the training set's changelog against.
     */
    @Test
    void shouldTrainOnAndStoreTheLastRowsOfArrivingLongerWindows() {
        List<TrainingSample> sent = longerWindows(MIN_WINDOWS);
        try (TrainerLife lowered = life(SHORTER); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            lowered.trainer.init(lowered.context);
            sent.forEach(lowered::send);
            List<TrainingSample> kept = new ArrayList<>();
            try (KeyValueIterator<Bytes, TrainingSample> all = lowered.windows.all()) {
                all.forEachRemaining(entry -> kept.add(entry.value));
            }
            assertThat(kept).hasSize(MIN_WINDOWS);
            for (int i = 0; i < MIN_WINDOWS; i++) {
                TrainingSample whole = sent.get(i);
                assertThat(kept.get(i).getKey()).isEqualTo(whole.getKey());
                assertThat(kept.get(i).getTimes()).isEqualTo(lastRows(whole.getTimes(), SHORTER, Long.BYTES));
                assertThat(kept.get(i).getRawValues()).isEqualTo(lastRows(whole.getRawValues(), SHORTER, Float.BYTES));
                assertThat(kept.get(i).getScalers()).isEqualTo(whole.getScalers());
            }
            assertThat(log.warnings()).filteredOn(warning -> warning.startsWith("Training on and storing the last 12"
                    + " rows of arriving training windows longer than history.length=12")).hasSize(1);
            lowered.tick();
            assertThat(lowered.executor.pending()).as("the round on the windows' last rows").isEqualTo(1);
            assertThat(log.messages()).contains("Training round started on 40 windows from 4 keys against the"
                    + " fallback");
        }
    }
}
