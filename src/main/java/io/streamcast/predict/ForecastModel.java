package io.streamcast.predict;

import io.streamcast.lstm.LstmModel;
import io.streamcast.schema.TrainingReport;
import java.util.Objects;

/**
 * One version of a named model as the predictor uses it: the network with the input spec that says how to feed
 * it and read it, and where it came from. Immutable; shared by every stream thread.
 *
 * @param training how the version was trained and validated, or null when it was not trained by Streamcast
 */
public record ForecastModel(String name, long version, long createdAtMillis, InputSpec spec, LstmModel network,
                            TrainingReport training) {

    /**
     * The largest version a model may have. Why: the trainer publishes the version after the newest it has seen, and
     * a snapshot at the largest long, accepted, would leave it no version to publish, for good.
     */
    public static final long MAX_VERSION = 1_000_000_000_000_000_000L;

    public ForecastModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(network, "network");
        if (version < 1 || version > MAX_VERSION) {
            throw new InvalidModelException("model version must be from 1 to " + MAX_VERSION + ", got " + version);
        }
        if (network.inputSize() != spec.inputSize()) {
            throw new InvalidModelException("network reads " + network.inputSize() + " inputs but the spec feeds "
                    + spec.inputSize());
        }
        if (network.outputSize() != spec.outputSize()) {
            throw new InvalidModelException("network writes " + network.outputSize()
                    + " outputs but the spec reads " + spec.outputSize());
        }
    }

    /** The same model under another version number, as the trainer publishes a candidate. */
    public ForecastModel withVersion(long newVersion, long createdAt, TrainingReport report) {
        return new ForecastModel(name, newVersion, createdAt, spec, network, report);
    }
}
