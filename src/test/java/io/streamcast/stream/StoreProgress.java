package io.streamcast.stream;

import io.streamcast.training.TrainingSchedule;
import org.apache.kafka.streams.state.KeyValueStore;

/** The trainer's counters in its progress store, as tests read them, and write them as an earlier life did. */
final class StoreProgress {

    private StoreProgress() {
    }

    /** Counters read from and written to {@code store}; an absent counter reads 0. */
    static TrainingSchedule.Progress of(KeyValueStore<String, Long> store) {
        return over(store, true);
    }

    /** Counters read from {@code store}; writing one throws, so a test sees the trainer's own writes alone. */
    static TrainingSchedule.Progress readOnly(KeyValueStore<String, Long> store) {
        return over(store, false);
    }

    private static TrainingSchedule.Progress over(KeyValueStore<String, Long> store, boolean writable) {
        return new TrainingSchedule.Progress() {
            @Override
            public long get(String name) {
                Long value = store.get(name);
                return value == null ? 0 : value;
            }

            @Override
            public void put(String name, long value) {
                if (!writable) {
                    throw new UnsupportedOperationException("read only");
                }
                store.put(name, value);
            }
        };
    }
}
