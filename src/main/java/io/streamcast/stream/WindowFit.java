package io.streamcast.stream;

import io.streamcast.predict.InputSpec;
import io.streamcast.predict.TrainingSampleCodec;
import io.streamcast.schema.TrainingSample;
import io.streamcast.training.SampleSeries;
import io.streamcast.training.TrainerSettings;
import java.nio.ByteBuffer;

/**
 * Whether a training window fits the trainer's settings. Checked as a window arrives and again as the trainer starts,
 * for windows stored under settings since changed.
 */
final class WindowFit {

    private final TrainerSettings settings;
    private final InputSpec spec;

    WindowFit(TrainerSettings settings, InputSpec spec) {
        this.settings = settings;
        this.spec = spec;
    }

    /** The value dimension these settings train on. */
    int valueDimension() {
        return spec.valueDimension();
    }

    /** The most rows a window of these settings has: {@code history.length}. */
    int windowRows() {
        return settings.windowRows();
    }

    /**
     * {@code sample} as these settings train on it: a window of more rows than {@code history.length} (stored under a
     * longer one, or sent by predictors still on it) as a copy of its last {@code history.length} rows; any other
     * window as it is. The copy holds no more than a window of these settings, which is what the heap check measured
     * the training set at ({@code MemoryBudgetCheck}), where a window of a few hundred thousand rows fits a megabyte.
     *
     * <p>Cutting is sound: a window carries the key's scaling statistics as they stood after its last row, and a
     * round undoes them back row by row from there ({@link SampleSeries#decode}), so the rows kept get the same
     * statistics cut or whole; their times are their own; and a round's burn-in and targets run on the cut as on a
     * window these settings' predictors send, which is their last {@code history.length} events too.
     */
    TrainingSample trained(TrainingSample sample) {
        int rows = rows(sample);
        int kept = settings.windowRows();
        if (rows <= kept || !TrainingSampleCodec.hasRawValues(sample)) {
            return sample;
        }
        return TrainingSample.newBuilder()
                .setKey(sample.getKey())
                .setValueDimension(sample.getValueDimension())
                .setTimes(tail(sample.getTimes(), rows - kept, kept, Long.BYTES))
                .setValues(ByteBuffer.allocate(0))
                .setRawValues(tail(sample.getRawValues(), rows - kept, kept, Float.BYTES * sample.getValueDimension()))
                .setScalers(tail(sample.getScalers(), 0, 1, sample.getScalers().remaining()))
                .build();
    }

    /** A copy of {@code rows} rows of {@code rowBytes} from {@code buffer}, after its first {@code skipped}. */
    private static ByteBuffer tail(ByteBuffer buffer, int skipped, int rows, int rowBytes) {
        ByteBuffer from = buffer.duplicate();
        from.position(from.position() + skipped * rowBytes);
        from.limit(from.position() + rows * rowBytes);
        // a copy, not a slice: a slice would keep the whole window's bytes in memory
        ByteBuffer copy = ByteBuffer.allocate(rows * rowBytes);
        copy.put(from).flip();
        return copy;
    }

    private static int rows(TrainingSample sample) {
        return sample.getTimes().remaining() / Long.BYTES;
    }

    /**
     * Why no round of these settings can use {@code sample}, a window as {@link #trained} gives it, or null when one
     * can.
     */
    String unfit(TrainingSample sample) {
        if (!TrainingSampleCodec.hasRawValues(sample)) {
            // A window of a release before windows carried raw values: no candidate can read it.
            return "it has no raw values (an earlier release's)";
        }
        if (rows(sample) > settings.windowRows()) {
            // one that trained did not cut: training keeps state for every row of every window, and the heap check
            // measured windows of history.length rows
            return rows(sample) + " rows, more than history.length=" + settings.windowRows();
        }
        if (sample.getValueDimension() != spec.valueDimension()) {
            // No round can decode it, yet it would take a place in the training set and count towards a round.
            return sample.getValueDimension() + " values per event, not value.dimension=" + spec.valueDimension();
        }
        return unusableAtItsDimension(sample);
    }

    /**
     * Whether {@code sample} (as {@link #trained} gives it), which {@link #unfit} refuses, is of another value
     * dimension and fit under it: a stored window that a trainer restarted with a mistaken {@code value.dimension}
     * keeps (unused), so that a restart with the setting it was stored under trains on it again.
     */
    boolean ofAnotherDimension(TrainingSample sample) {
        return sample.getValueDimension() != spec.valueDimension() && TrainingSampleCodec.hasRawValues(sample)
                && rows(sample) <= settings.windowRows() && unusableAtItsDimension(sample) == null;
    }

    /**
     * Whether {@code sample}, arriving now (as {@link #trained} gives it) and refused by {@link #unfit}, is to be kept
     * as {@link #ofAnotherDimension} windows stored before are: sent by predictors of another {@code value.dimension}
     * than this trainer's (instances still on the old setting during a rolling restart, or windows left on the
     * topic), the right one of the two trains on it after a restart. Only one of fewer values per event: its record,
     * of at most {@code history.length} rows, is smaller than the largest these settings send, which start-up
     * measured against the store's changelog and the producer, where a larger one could fail the trainer's task at
     * each attempt to store it.
     */
    boolean keptOnArrival(TrainingSample sample) {
        return sample.getValueDimension() < spec.valueDimension() && ofAnotherDimension(sample);
    }

    /** Why no round can use {@code sample} even under its own value dimension, or null when one can. */
    private String unusableAtItsDimension(TrainingSample sample) {
        if (SampleSeries.decode(sample, sample.getValueDimension(), spec.scalerDecay()) == null) {
            // Each round would leave it out, yet it would take a place and count towards a round, which could then
            // start short of usable windows and end with too few
            return "its values or scaling statistics cannot be used (not finite, a negative variance, or too large"
                    + " to undo to its first row)";
        }
        return null;
    }
}
