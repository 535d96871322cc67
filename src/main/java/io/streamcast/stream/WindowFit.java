package io.streamcast.stream;

import io.streamcast.predict.InputSpec;
import io.streamcast.predict.TrainingSampleCodec;
import io.streamcast.schema.TrainingSample;
import io.streamcast.training.SampleSeries;
import io.streamcast.training.TrainerSettings;

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

    /** Why no round of these settings can use {@code sample} as it should, or null when one can. */
    String unfit(TrainingSample sample) {
        if (!TrainingSampleCodec.hasRawValues(sample)) {
            // A window of a release before windows carried raw values: no candidate can read it.
            return "it has no raw values (an earlier release's)";
        }
        int rows = sample.getTimes().remaining() / Long.BYTES;
        if (rows > settings.windowRows()) {
            // No predictor of these settings sends it, and training keeps state for every row of every window:
            // a window of a few hundred thousand rows, which a megabyte holds, would exhaust the memory each round.
            return rows + " rows, more than history.length=" + settings.windowRows();
        }
        if (sample.getValueDimension() != spec.valueDimension()) {
            // No round can decode it, yet it would take a place in the training set and count towards a round.
            return sample.getValueDimension() + " values per event, not value.dimension=" + spec.valueDimension();
        }
        return unusableAtItsDimension(sample);
    }

    /**
     * Whether {@code sample}, which {@link #unfit} refuses, is of another value dimension and fit under it: a stored
     * window that a trainer restarted with a mistaken {@code value.dimension} keeps (unused), so that a restart with
     * the setting it was stored under trains on it again.
     */
    boolean ofAnotherDimension(TrainingSample sample) {
        return sample.getValueDimension() != spec.valueDimension() && TrainingSampleCodec.hasRawValues(sample)
                && sample.getTimes().remaining() / Long.BYTES <= settings.windowRows()
                && unusableAtItsDimension(sample) == null;
    }

    /**
     * Whether {@code sample}, arriving now and refused by {@link #unfit}, is to be kept as {@link #ofAnotherDimension}
     * windows stored before are: sent by predictors of another {@code value.dimension} than this trainer's (instances
     * still on the old setting during a rolling restart, or windows left on the topic), the right one of the two
     * trains on it after a restart. Only one of fewer values per event: its record is smaller than the largest these
     * settings send, which start-up measured against the store's changelog and the producer, where a larger one
     * could fail the trainer's task at each attempt to store it.
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
