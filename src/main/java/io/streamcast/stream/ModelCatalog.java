package io.streamcast.stream;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model version in use by this application instance. Fed by the models global store's update processor
 * (from the models topic, also while restoring it at start-up) and read by every predictor on every event, so
 * a new version reaches all stream threads without a restart.
 */
public final class ModelCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private final String modelName;
    private final InputSpec expectedSpec;
    private final AtomicReference<ForecastModel> current = new AtomicReference<>();
    private final AtomicLong refused = new AtomicLong();
    private final StreamcastMetrics metrics;

    public ModelCatalog(String modelName, InputSpec expectedSpec, StreamcastMetrics metrics) {
        this.modelName = modelName;
        this.expectedSpec = expectedSpec;
        this.metrics = metrics;
    }

    public String modelName() {
        return modelName;
    }

    /** The model to use now, or null while there is none. */
    public ForecastModel current() {
        return current.get();
    }

    /** Models refused since start-up. */
    public long refusedCount() {
        return refused.get();
    }

    /**
     * Takes {@code model} into use if it is this application's model, fits the configured input spec (the same
     * values, forecasts and horizon; its calendar inputs, transform and spread head are its own) and is newer than
     * the current version.
     *
     * @return null when accepted, otherwise why it was refused
     */
    public synchronized String offer(ForecastModel model) {
        String reason = null;
        ForecastModel now = current.get();
        if (!model.spec().sameShape(expectedSpec)) {
            reason = "its input spec " + model.spec() + " does not fit the configured " + expectedSpec;
        } else if (now != null && model.version() <= now.version()) {
            reason = "version " + model.version() + " is not newer than version " + now.version() + " in use";
        }
        if (reason != null) {
            refuse(model.name(), model.version(), reason);
            return reason;
        }
        current.set(model);
        metrics.modelInUse(model.version());
        LOG.info("Model {} version {} in use", model.name(), model.version());
        return null;
    }

    /** Records a model record that could not even be decoded. */
    public void refuse(String name, long version, String reason) {
        refused.incrementAndGet();
        metrics.modelRefused();
        LOG.warn("Refused model {} version {}: {}; keeping {}", name, version, reason, describeCurrent());
    }

    private String describeCurrent() {
        ForecastModel now = current.get();
        return now == null ? "the fallback forecast" : "version " + now.version();
    }
}
