package io.streamcast.stream;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyStateCodec;
import java.time.Duration;
import java.util.TreeSet;
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
    /** The lowest version a wait in {@link #awaitVersion} gave up on since the last model arrived. */
    private long givenUpOn = Long.MAX_VALUE;
    /** Versions newer than the one in use that were read and refused (the newest 1,024): none of them will come. */
    private final TreeSet<Long> refusedAhead = new TreeSet<>();
    /** The refused version a wait last said it would not wait for, so that it is said once. */
    private long saidRefused;
    private int waiting;

    private final Duration catchUp;
    /** The longest recurrent state a key's stored state can hold within the producer's limit. */
    private final int sendableState;
    /** The longest recurrent state a key's stored state can hold and still be sent. */
    private volatile int largestState;

    public ModelCatalog(String modelName, InputSpec expectedSpec, StreamcastMetrics metrics) {
        this(modelName, expectedSpec, metrics, Duration.ofMillis(StreamcastConfig.DEFAULT_MODEL_CATCH_UP_MS));
    }

    /** @param catchUp how long {@link #modelFor} waits for a version a key was built with */
    public ModelCatalog(String modelName, InputSpec expectedSpec, StreamcastMetrics metrics, Duration catchUp) {
        this(modelName, expectedSpec, metrics, catchUp, KeyStateCodec.MAX_LSTM_STATE);
    }

    /**
     * @param catchUp      how long {@link #modelFor} waits for a version a key was built with
     * @param largestState the longest recurrent state a model may keep per key: at most what a stored key state
     *                     holds, and less where a longer one would make the state too large for the producer to send
     */
    ModelCatalog(String modelName, InputSpec expectedSpec, StreamcastMetrics metrics, Duration catchUp,
                 int largestState) {
        this.modelName = modelName;
        this.expectedSpec = expectedSpec;
        this.metrics = metrics;
        this.catchUp = catchUp;
        this.sendableState = largestState;
        this.largestState = largestState;
    }

    /**
     * Sets the longest recurrent state a model may keep per key to {@code largest}, what a key's stored state can hold
     * within the key states' changelog's own limit, as read from the cluster (at start-up, before the models are read,
     * and again while the instance runs): a key state the producer could send but the topic would refuse stops the
     * instance, after every restart. Models offered from now on are judged by it; never above what the producer
     * sends. Set between offers, so that a model read in use after it was judged by it or taken in before it.
     */
    public synchronized void limitStoredState(int largest) {
        largestState = Math.min(sendableState, largest);
    }

    /** The longest recurrent state a model offered now may keep per key. */
    public int largestState() {
        return largestState;
    }

    /**
     * The model for an event of a key whose state was built with {@code keyVersion}: the model in use, once it is
     * at least that version, so the key's version does not go back ({@link #awaitVersion}).
     */
    public ForecastModel modelFor(long keyVersion) {
        ForecastModel now = current.get();
        if (keyVersion <= (now == null ? 0 : now.version())) {
            return now;
        }
        ForecastModel got = awaitVersion(keyVersion, catchUp);
        if (got == null || got.version() < keyVersion) {
            metrics.modelVersionRegression();
        }
        return got;
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
     * values, forecasts and horizon; its calendar inputs, transform and spread head are its own), has a recurrent
     * state a key's stored state can hold and the producer can still send, and is newer than the current version.
     *
     * @return null when accepted, otherwise why it was refused
     */
    public synchronized String offer(ForecastModel model) {
        String reason = null;
        ForecastModel now = current.get();
        if (!model.spec().sameShape(expectedSpec)) {
            reason = "it was trained for inputs other than those configured: "
                    + model.spec().shapeDifferences(expectedSpec);
        } else if (model.network().stateSize() > KeyStateCodec.MAX_LSTM_STATE) {
            // every key's state would be stored longer than it is read back, and start afresh at each event
            reason = "its network's state of " + model.network().stateSize() + " values is longer than a key's"
                    + " stored state holds, " + KeyStateCodec.MAX_LSTM_STATE;
        } else if (model.network().stateSize() > largestState) {
            // the first key to take it would have a stored state its changelog cannot send, which stops the instance,
            // and again after every restart
            reason = "its network's state of " + model.network().stateSize() + " values would make a key's stored"
                    + " state larger than can be sent (the producer's max.request.size and the key states' changelog"
                    + " allow at most " + largestState + " values under these settings)";
        } else if (now != null && model.version() <= now.version()) {
            reason = "version " + model.version() + " is not newer than version " + now.version() + " in use";
        }
        if (reason != null) {
            refuse(model.name(), model.version(), reason);
            return reason;
        }
        current.set(model);
        givenUpOn = Long.MAX_VALUE;
        refusedAhead.removeIf(refused -> refused <= model.version());
        notifyAll();
        metrics.modelInUse(model.version());
        LOG.info("Model {} version {} in use", model.name(), model.version());
        return null;
    }

    /**
     * The model in use once it is at least {@code version}, waiting up to {@code timeout} for it: a key that moved
     * here from another instance may have been built by a version this instance's models consumer has not read
     * yet, and a key's version must not go back. A wait that runs out is not repeated for that version or a newer
     * one until a newer model arrives, so a version this instance never gets costs one wait, not one per event.
     *
     * @return the model in use when the wait ends, which may still be older than {@code version}, or null
     */
    public synchronized ForecastModel awaitVersion(long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (versionInUse() < version && version < givenUpOn) {
            if (refusedAhead.contains(version)) {
                // read and refused here (after a change of settings, say): no wait brings it; a newer version may
                // still come, and is still waited for
                if (saidRefused != version) {
                    saidRefused = version;
                    LOG.warn("Model {} version {}, which built keys now here, was refused by this instance; such"
                            + " keys continue with {}", modelName, version, describeCurrent());
                }
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                givenUpOn = version;
                LOG.warn("Model {} version {}, which built keys that moved here, did not arrive within {} ms; such"
                        + " keys continue with {}", modelName, version, timeout.toMillis(), describeCurrent());
                break;
            }
            waiting++;
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                waiting--;
            }
        }
        return current.get();
    }

    /** Whether {@code version}, newer than the version in use, was read and refused (one of the newest 1,024). */
    public synchronized boolean refusedAhead(long version) {
        return refusedAhead.contains(version);
    }

    /**
     * Forgets that {@code version} was read and refused, its record deleted (a tombstone under its own key): the
     * refused record no longer holds a publication below or at its number, and a key built by it elsewhere is waited
     * for once more, as for any version not read.
     */
    public synchronized void deleted(long version) {
        refusedAhead.remove(version);
    }

    /**
     * The newest version read from the models topic, taken into use or refused (0 before any): a version published
     * under a refused one's number would share its key with it, and instances that took the refused one would keep it
     * and refuse the new one as another model of the version in use.
     */
    public synchronized long newestRead() {
        // every version refused ahead is above the version in use
        return refusedAhead.isEmpty() ? versionInUse() : refusedAhead.last();
    }

    /** Threads waiting in {@link #awaitVersion} now. */
    public synchronized int waiting() {
        return waiting;
    }

    private long versionInUse() {
        ForecastModel now = current.get();
        return now == null ? 0 : now.version();
    }

    /**
     * Records a refused model record, of {@code version} (0 when its version is not known), so that no key built by it
     * elsewhere waits for it here.
     */
    public synchronized void refuse(String name, long version, String reason) {
        if (version > versionInUse()) {
            refusedAhead.add(version);
            if (refusedAhead.size() > 1024) {
                refusedAhead.pollFirst();
            }
            notifyAll();
        }
        refused.incrementAndGet();
        metrics.modelRefused();
        LOG.warn("Refused model {} version {}: {}; keeping {}", name, version, reason, describeCurrent());
    }

    private String describeCurrent() {
        ForecastModel now = current.get();
        return now == null ? "the fallback forecast" : "version " + now.version();
    }
}
