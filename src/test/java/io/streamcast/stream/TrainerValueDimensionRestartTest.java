package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer restarted with a mistaken {@code value.dimension} keeps the windows stored under the right one, on the
 * trainer's own RocksDB stores, and a restart with the right setting trains on them again.
 */
class TrainerValueDimensionRestartTest {

    private static final int MIN_WINDOWS = 40;

    @TempDir
    Path stateDir;

    private static StreamcastConfig config(int valueDimension) {
        Map<String, Object> settings = TestSettings.smallTrainer(MIN_WINDOWS);
        settings.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, valueDimension);
        return new StreamcastConfig(settings);
    }

    /** One life of the trainer's task at {@code valueDimension}, on the test's state directory. */
    private TrainerLife life(int valueDimension) {
        return new TrainerLife(config(valueDimension), stateDir);
    }

    /** The first {@code count} windows of two values per event, taken from the four keys in turn. */
    private static List<TrainingSample> twoValueWindows(int count) {
        List<TrainingSample> all = PeriodicKeyWindows.of(config(2).predictorSettings(), 2);
        int perKey = all.size() / 4;
        List<TrainingSample> taken = new ArrayList<>();
        for (int i = 0; taken.size() < count; i++) {
            taken.add(all.get((i % 4) * perKey + i / 4));
        }
        return taken;
    }

    @Test
    void shouldKeepTheWindowsOfAnotherValueDimensionUntrainedOnAndTrainOnThemUnderTheirOwnAgain() {
        List<TrainingSample> sent = twoValueWindows(MIN_WINDOWS);
        assertThat(sent).extracting(TrainingSample::getValueDimension).containsOnly(2);
        try (TrainerLife first = life(2)) {
            first.trainer.init(first.context);
            sent.forEach(first::send);
            assertThat(first.windows.approximateNumEntries()).as("stored at value.dimension=2").isEqualTo(MIN_WINDOWS);
        }

        try (TrainerLife mistaken = life(3); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            mistaken.trainer.init(mistaken.context);
            assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                    .startsWith("Keeping 40 stored training windows of another value.dimension than 3"));
            assertThat(log.messages()).contains("Trainer ready with 0 training windows from 0 keys, holding 40 more"
                    + " of another value.dimension untrained on");
            mistaken.tick();
            assertThat(mistaken.executor.pending()).as("no round on windows it cannot read").isZero();
            assertThat(log.messages()).noneMatch(message -> message.startsWith("Training round started"));
        }

        try (TrainerLife right = life(2); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            right.trainer.init(right.context);
            assertThat(right.windows.approximateNumEntries()).isEqualTo(MIN_WINDOWS);
            assertThat(log.messages()).contains("Trainer ready with 40 training windows from 4 keys");
            right.tick();
            assertThat(right.executor.pending()).as("the round on the kept windows").isEqualTo(1);
            assertThat(log.messages()).contains("Training round started on 40 windows from 4 keys against the"
                    + " fallback");
        }
    }

    /**
     * Windows sent by predictors of another value.dimension than a trainer's mistaken one (instances still on the old
     * setting during a rolling restart, or windows left on the topic) are kept as the stored ones are, when they hold
     * fewer values per event: a restart with the right setting trains on them.
     */
    @Test
    void shouldKeepArrivingWindowsOfFewerValuesUntrainedOnAndTrainOnThemUnderTheirOwnValueDimension() {
        try (TrainerLife mistaken = life(3); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            mistaken.trainer.init(mistaken.context);
            twoValueWindows(MIN_WINDOWS).forEach(mistaken::send);
            assertThat(mistaken.windows.approximateNumEntries()).as("kept").isEqualTo(MIN_WINDOWS);
            assertThat(mistaken.progress.get("new.samples")).as("none a round here can use").isNull();
            mistaken.tick();
            assertThat(mistaken.executor.pending()).as("no round on windows it cannot read").isZero();
            assertThat(log.messages()).noneMatch(message -> message.startsWith("Training round started"));
        }

        try (TrainerLife right = life(2); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            right.trainer.init(right.context);
            right.tick();
            assertThat(right.executor.pending()).as("the round on the kept windows").isEqualTo(1);
            assertThat(log.messages()).contains("Training round started on 40 windows from 4 keys against the"
                    + " fallback");
        }
    }

    /**
     * A window of more values per event than the trainer's value.dimension is still skipped as it arrives: it may be
     * larger than the largest record start-up measured the training set's changelog and the producer against.
     */
    @Test
    void shouldSkipArrivingWindowsOfMoreValuesThanTheValueDimension() {
        try (TrainerLife smaller = life(1); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            smaller.trainer.init(smaller.context);
            twoValueWindows(4).forEach(smaller::send);
            assertThat(smaller.windows.approximateNumEntries()).isZero();
            assertThat(log.warnings()).filteredOn(warning -> warning.startsWith("Skipping a training window"))
                    .hasSize(4);
        }
    }
}
