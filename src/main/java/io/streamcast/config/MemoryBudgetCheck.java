package io.streamcast.config;

import static io.streamcast.config.StreamcastConfig.CONSOLE_KEYS_CONFIG;
import static io.streamcast.config.StreamcastConfig.CONSOLE_POINTS_CONFIG;
import static io.streamcast.config.StreamcastConfig.HISTORY_LENGTH_CONFIG;
import static io.streamcast.config.StreamcastConfig.ROCKSDB_MEMORY_BYTES_CONFIG;
import static io.streamcast.config.StreamcastConfig.TRAINING_ENABLED_CONFIG;
import static io.streamcast.config.StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG;
import static io.streamcast.config.StreamcastConfig.VALUE_DIMENSION_CONFIG;

import io.streamcast.predict.LargestRecords;
import io.streamcast.recent.RecentActivity;
import io.streamcast.stream.BoundedRocksDbMemory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses settings whose memory the instance cannot have: what the heap keeps (the console's recent predictions, the
 * training set) and what RocksDB may take. Each fills as keys and windows arrive, so settings beyond the memory would
 * stop the instance hours or days after it started, where start-up can name the setting.
 */
final class MemoryBudgetCheck {

    private MemoryBudgetCheck() {
    }

    /**
     * @param maxHeapBytes     the heap the instance may take
     * @param totalMemoryBytes the memory of the machine (or container)
     * @throws ConfigException naming the setting to lower
     */
    static void requireFit(StreamcastConfig config, long maxHeapBytes, long totalMemoryBytes) {
        requireConsoleWithinHeap(config, maxHeapBytes);
        requireTrainingSetWithinHeap(config, maxHeapBytes);
        requireConsoleAndTrainingSetWithinHeap(config, maxHeapBytes);
        requireRocksDbWithinMemory(config, totalMemoryBytes);
    }

    /**
     * The console's recent predictions grow with the keys seen to {@code console.keys} rings of {@code console.points}
     * each, which alone may not take more than half the heap {@code maxHeapBytes}: each bound is valid alone (a
     * million keys of 300 points, or 1,000 keys of 100,000 points), and together they would run the instance out of
     * memory once enough keys had arrived, hours after it started.
     */
    static void requireConsoleWithinHeap(StreamcastConfig config, long maxHeapBytes) {
        int keys = config.getInt(CONSOLE_KEYS_CONFIG);
        int points = config.getInt(CONSOLE_POINTS_CONFIG);
        long bytes = RecentActivity.bytesAtMost(keys, points);
        if (bytes > maxHeapBytes / 2) {
            throw new ConfigException(CONSOLE_POINTS_CONFIG, points, "with " + CONSOLE_KEYS_CONFIG + " = " + keys
                    + " the console's recent predictions would take up to " + (bytes >> 20) + " MiB, more than half"
                    + " the heap of " + (maxHeapBytes >> 20) + " MiB; lower either");
        }
    }

    /**
     * The trainer keeps up to {@code training.set.capacity} training windows in memory, each about as large as its
     * encoding, which grows with {@code history.length} and {@code value.dimension}; those alone may not take more than
     * half the heap {@code maxHeapBytes}. Why: the set fills one window at a time, so a capacity the heap cannot hold
     * (a million windows of 1,024 events) would run the instance out of memory hours or days after it started.
     */
    static void requireTrainingSetWithinHeap(StreamcastConfig config, long maxHeapBytes) {
        requireTrainingSetsWithinHeap(config, 1, maxHeapBytes);
    }

    /**
     * As {@link #requireTrainingSetWithinHeap} for {@code sets} trainers at once, each with its own training set: the
     * offline evaluations replay several streams at a time, and would run out of memory near the end of a long run.
     *
     * @throws ConfigException naming {@code training.set.capacity}, when training is on
     */
    static void requireTrainingSetsWithinHeap(StreamcastConfig config, int sets, long maxHeapBytes) {
        if (!config.getBoolean(TRAINING_ENABLED_CONFIG)) {
            return;
        }
        int capacity = config.getInt(TRAINING_SET_CAPACITY_CONFIG);
        long window = LargestRecords.trainingWindow(config.predictorSettings());
        long bytes = (long) sets * capacity * window;
        if (bytes > maxHeapBytes / 2) {
            throw new ConfigException(TRAINING_SET_CAPACITY_CONFIG, capacity, "with " + HISTORY_LENGTH_CONFIG + " = "
                    + config.getInt(HISTORY_LENGTH_CONFIG) + " and " + VALUE_DIMENSION_CONFIG + " = "
                    + config.getInt(VALUE_DIMENSION_CONFIG) + " a training window takes up to " + window + " bytes,"
                    + " and " + (sets == 1 ? "the training set, which the trainer keeps"
                    : sets + " training sets, which " + sets + " trainers at once keep") + " in memory, up to "
                    + (bytes >> 20) + " MiB, more than half the heap of " + (maxHeapBytes >> 20)
                    + " MiB; lower either");
        }
    }

    /**
     * The console's recent predictions and, when training is on, the training set together may not take more than half
     * the heap {@code maxHeapBytes} either: each within half on its own, both would still fill the heap.
     */
    static void requireConsoleAndTrainingSetWithinHeap(StreamcastConfig config, long maxHeapBytes) {
        if (!config.getBoolean(TRAINING_ENABLED_CONFIG)) {
            return;
        }
        long console = RecentActivity.bytesAtMost(config.getInt(CONSOLE_KEYS_CONFIG),
                config.getInt(CONSOLE_POINTS_CONFIG));
        int capacity = config.getInt(TRAINING_SET_CAPACITY_CONFIG);
        long trainingSet = (long) capacity * LargestRecords.trainingWindow(config.predictorSettings());
        if (console + trainingSet > maxHeapBytes / 2) {
            throw new ConfigException(TRAINING_SET_CAPACITY_CONFIG, capacity, "the"
                    + " training set (up to " + (trainingSet >> 20) + " MiB) and the console's recent predictions ("
                    + CONSOLE_KEYS_CONFIG + " x " + CONSOLE_POINTS_CONFIG + ", up to " + (console >> 20) + " MiB),"
                    + " both kept in memory, would take more than half the heap of " + (maxHeapBytes >> 20)
                    + " MiB together; lower any of the three");
        }
    }

    /**
     * The RocksDB stores' budget, {@code rocksdb.memory.bytes}, may not exceed the memory of the machine (or container)
     * {@code totalMemoryBytes}. Why: the shared cache and memtables fill as they are used, so a budget above that (a
     * value with zeros too many) bounds nothing, and the stores would grow until the instance were killed.
     */
    static void requireRocksDbWithinMemory(StreamcastConfig config, long totalMemoryBytes) {
        if (!BoundedRocksDbMemory.class.getName().equals(String.valueOf(
                config.streamsProperties().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)))) {
            return; // another setter, which does not read the budget
        }
        long budget = config.getLong(ROCKSDB_MEMORY_BYTES_CONFIG);
        if (budget > totalMemoryBytes) {
            throw new ConfigException(ROCKSDB_MEMORY_BYTES_CONFIG, budget, "is more than the "
                    + (totalMemoryBytes >> 20) + " MiB of memory this machine has: the stores' cache and memtables"
                    + " would be bounded by nothing");
        }
    }
}
