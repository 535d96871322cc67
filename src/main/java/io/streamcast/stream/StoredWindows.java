package io.streamcast.stream;

import static io.streamcast.stream.TrainerProcessor.NEXT_ID;

import io.streamcast.schema.TrainingSample;
import io.streamcast.training.TrainingSchedule;
import io.streamcast.training.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the trainer's stored training windows as the trainer starts. */
final class StoredWindows {

    /** The trainer's logger: these lines are the trainer's, and logging settings and log readers know them by it. */
    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);

    private StoredWindows() {
    }

    /**
     * Fills {@code trainingSet} from {@code windows} and deletes what it cannot read: windows of a later release's
     * format, and keys that are no window id of this trainer's; and what no round of these settings can use
     * ({@link WindowFit#unfit}), stored under earlier settings. Windows of another value dimension are kept in the
     * store and the set, unused ({@link WindowFit#ofAnotherDimension}): a mistaken {@code value.dimension} must not
     * cost the windows that the right one trains on. Windows longer than {@code history.length} are trained on as
     * their last rows ({@link WindowFit#trained}), cut in the set and kept whole in the store, so that a mistakenly
     * lower {@code history.length} costs no window either, and a restart with the one they were stored under trains on
     * them whole. Then sets the next id above every stored one, whatever the stored counter says, so that no new
     * window overwrites one.
     */
    static void load(KeyValueStore<Bytes, TrainingSample> windows, TrainingSchedule.Progress counters,
                     TrainingSet trainingSet, WindowFit fit) {
        List<Bytes> unreadable = new ArrayList<>();
        int unfitCount = 0;
        int otherDimension = 0;
        int cut = 0;
        long lastId = TrainerStores.UNREADABLE;
        try (KeyValueIterator<Bytes, TrainingSample> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, TrainingSample> entry = all.next();
                long id = TrainerStores.windowId(entry.key);
                if (entry.value == null || id == TrainerStores.UNREADABLE) {
                    unreadable.add(entry.key);
                    continue;
                }
                lastId = id;
                TrainingSample trained = fit.trained(entry.value);
                boolean usable = fit.unfit(trained) == null;
                if (!usable && !fit.ofAnotherDimension(trained)) {
                    windows.delete(entry.key);
                    unfitCount++;
                    continue;
                }
                if (!usable) {
                    otherDimension++;
                } else if (trained != entry.value) {
                    cut++;
                }
                for (long evicted : trainingSet.add(id, trained, usable)) {
                    windows.delete(TrainerStores.windowKey(evicted));
                }
            }
        }
        unreadable.forEach(windows::delete);
        if (!unreadable.isEmpty()) {
            LOG.warn("Dropped {} stored training windows this release cannot read (written by a later release, or not"
                    + " by a trainer)", unreadable.size());
        }
        if (unfitCount > 0) {
            LOG.warn("Dropped {} stored training windows no round can use (without raw values, or with values or"
                    + " scaling statistics no round can use)", unfitCount);
        }
        if (cut > 0) {
            LOG.warn("Training on the last {} rows of {} stored training windows longer than history.length={}: the"
                    + " store keeps them whole, and a restart with the history.length they were stored under trains"
                    + " on them whole again", fit.windowRows(), cut, fit.windowRows());
        }
        if (otherDimension > 0) {
            LOG.warn("Keeping {} stored training windows of another value.dimension than {} untrained on: a restart"
                    + " with the value.dimension they were stored under trains on them again; they give way to new"
                    + " windows as any window does", otherDimension, fit.valueDimension());
        }
        // a counter at the largest long (written by hand) would give the window after the next the smallest id, which
        // the training set refuses, failing that window and every later one
        if (counters.get(NEXT_ID) <= lastId || counters.get(NEXT_ID) == Long.MAX_VALUE) {
            LOG.warn("Setting the next training window id to {}, above the stored windows' (the stored counter"
                    + " said {})",
                    lastId + 1, counters.get(NEXT_ID));
            counters.put(NEXT_ID, lastId + 1);
        }
    }
}
