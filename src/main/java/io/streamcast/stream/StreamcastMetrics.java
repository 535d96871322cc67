package io.streamcast.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.Rejection;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streamcast's own meters, created once and shared by the processors of one application instance. Names follow
 * Micrometer's conventions under {@code streamcast.}; the registry's common tags (the application id) apply.
 */
public final class StreamcastMetrics {

    /** Outcomes of a training round, as tag values: the round verdicts in lower case, and failed. */
    static final String PUBLISHED = "publish";
    private static final String[] TRAINING_OUTCOMES = {PUBLISHED, "not_better", "diverged", "too_few_samples",
        "failed"};

    private final MeterRegistry registry;
    private final Timer eventProcessing;
    private final Counter predictions;
    private final Counter anomalies;
    private final Map<Rejection, Counter> deadLetters = new EnumMap<>(Rejection.class);
    private final Counter modelSwaps;
    private final Counter modelsRefused;
    private final Counter rewarms;
    private final Map<KeyStateCodec.Outcome, Counter> keyStates = new EnumMap<>(KeyStateCodec.Outcome.class);
    private final Counter undecodableKeyStates;
    private final Counter keysAheadOfTheClock;
    private final Counter failingKeyStates;
    private final Counter modelVersionRegressions;
    private final AtomicLong modelVersion = new AtomicLong();
    private final AtomicReference<double[]> lastLosses = new AtomicReference<>(new double[] {Double.NaN, Double.NaN,
            Double.NaN});

    public StreamcastMetrics(MeterRegistry registry) {
        this.registry = registry;
        eventProcessing = Timer.builder("streamcast.event.processing")
                .description("Time to process one input record: decode, state, step, store, forward")
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        predictions = Counter.builder("streamcast.predictions").description("Predictions emitted")
                .register(registry);
        anomalies = Counter.builder("streamcast.anomalies").description("Predictions flagged as anomalies")
                .register(registry);
        for (Rejection reason : Rejection.values()) {
            deadLetters.put(reason, Counter.builder("streamcast.dead.letters")
                    .description("Input records sent to the dead-letter topic").tag("reason", reason.code())
                    .register(registry));
        }
        modelSwaps = Counter.builder("streamcast.model.swaps").description("Model versions taken into use")
                .register(registry);
        modelsRefused = Counter.builder("streamcast.models.refused")
                .description("Model snapshots refused (undecodable, wrong dimensions, non-finite or stale, or the"
                        + " version in use with other weights)")
                .register(registry);
        rewarms = Counter.builder("streamcast.key.rewarms")
                .description("Keys whose state was rebuilt by replaying their history into a new model version")
                .register(registry);
        keyStates.put(KeyStateCodec.Outcome.MIGRATED, Counter.builder("streamcast.key.state.migrations")
                .description("Key states read in the format of earlier releases; stored back in the current one")
                .register(registry));
        for (KeyStateCodec.Outcome outcome : new KeyStateCodec.Outcome[] {KeyStateCodec.Outcome.RESET,
            KeyStateCodec.Outcome.PARTLY_RESET}) {
            keyStates.put(outcome, Counter.builder("streamcast.key.state.resets")
                    .description("Stored key states that did not fit the current settings: the whole key (scope key)"
                            + " or one component (scope section) started afresh")
                    .tag("scope", outcome == KeyStateCodec.Outcome.RESET ? "key" : "section")
                    .register(registry));
        }
        undecodableKeyStates = Counter.builder("streamcast.key.state.undecodable")
                .description("Stored key states that could not be decoded at all: the key started afresh")
                .register(registry);
        keysAheadOfTheClock = Counter.builder("streamcast.key.state.clock.resets")
                .description("Keys whose latest event time lay further ahead of the clock than any event could have"
                        + " been accepted (the clock went back since): the key started afresh with its event")
                .register(registry);
        failingKeyStates = Counter.builder("streamcast.key.state.failure.resets")
                .description("Keys whose stored state failed " + StoredStateFailures.GIVE_UP_AT + " events in a row"
                        + " (processing-error dead letters), or left a NaN where a step on a sound state leaves none,"
                        + " and was given up: the key started afresh with the last")
                .register(registry);
        modelVersionRegressions = Counter.builder("streamcast.model.version.regressions")
                .description("Events of keys built by a model version this instance did not get within"
                        + " model.catch.up.ms: such a key continued with an older version")
                .register(registry);
        Gauge.builder("streamcast.model.version", modelVersion, AtomicLong::get)
                .description("Version of the model in use; 0 while the fallback forecast is used")
                .register(registry);
        for (String outcome : TRAINING_OUTCOMES) {
            roundTimer(outcome);
            if (!PUBLISHED.equals(outcome)) {
                rejectedCounter(outcome);
            }
        }
        String[] kinds = {"train", "candidate", "reference"};
        for (int i = 0; i < kinds.length; i++) {
            int index = i;
            Gauge.builder("streamcast.training.loss", lastLosses, losses -> losses.get()[index])
                    .description("Losses of the last training round: the candidate's on its training windows,"
                            + " on the held-out windows, and the held-out loss of what it had to beat")
                    .tag("kind", kinds[i])
                    .register(registry);
        }
    }

    /**
     * Gauges of {@code wait}, the models' global thread's wait for the schema registry: while it lasts no model update
     * and no training report is read, although the instance still predicts (and so stays ready).
     */
    void modelsRegistryWait(RegistryOutageWait wait) {
        Gauge.builder("streamcast.models.registry.waiting", wait, w -> w.waiting().isPresent() ? 1 : 0)
                .description("1 while the models' global thread waits for the schema registry (model updates and"
                        + " training reports are not read meanwhile), else 0")
                .strongReference(true)
                .register(registry);
        Gauge.builder("streamcast.models.registry.wait.start", wait,
                        w -> w.waiting().map(now -> now.since().toEpochMilli() / 1000.0).orElse(0.0))
                .description("When the models' global thread began to wait for the schema registry, in seconds"
                        + " since the epoch; 0 while it does not wait")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** The counts so far, for the web console. */
    public Totals totals() {
        Map<String, Long> refused = new java.util.LinkedHashMap<>();
        for (Map.Entry<Rejection, Counter> e : deadLetters.entrySet()) {
            refused.put(e.getKey().code(), (long) e.getValue().count());
        }
        return new Totals(eventProcessing.count(), (long) predictions.count(), (long) anomalies.count(), refused,
                modelVersion.get());
    }

    /**
     * Counts since this instance started.
     *
     * @param events      input records processed, accepted or refused
     * @param deadLetters refused input records by reason
     */
    public record Totals(long events, long predictions, long anomalies, Map<String, Long> deadLetters,
                         long modelVersion) {
    }

    /** Meters that go nowhere, for tests and tools that do not export metrics. */
    public static StreamcastMetrics discarding() {
        return new StreamcastMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    void recordEvent(long nanos) {
        eventProcessing.record(nanos, TimeUnit.NANOSECONDS);
    }

    void prediction(boolean anomaly, boolean rewarmed) {
        predictions.increment();
        if (anomaly) {
            anomalies.increment();
        }
        if (rewarmed) {
            rewarms.increment();
        }
    }

    /** Counts a stored key state that was migrated or reset as it was loaded. */
    void keyStateTakenIn(KeyStateCodec.Outcome outcome) {
        Counter counter = keyStates.get(outcome);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Counts an event of a key whose model version went back, because its version did not arrive in time. */
    void modelVersionRegression() {
        modelVersionRegressions.increment();
    }

    /** Counts a stored key state that could not be decoded, so its key started afresh. */
    void undecodableKeyState() {
        undecodableKeyStates.increment();
    }

    /** Counts a key restarted because its latest event time lay further ahead of the clock than any accepted one. */
    void keyAheadOfTheClock() {
        keysAheadOfTheClock.increment();
    }

    /**
     * Counts a key whose stored state failed event after event, or left a NaN at once, so that it started afresh with
     * the last.
     */
    void keyStateGivenUp() {
        failingKeyStates.increment();
    }

    void deadLetter(Rejection reason) {
        deadLetters.get(reason).increment();
    }

    void modelInUse(long version) {
        modelVersion.set(version);
        modelSwaps.increment();
    }

    void modelRefused() {
        modelsRefused.increment();
    }

    /**
     * Records a finished training round.
     *
     * @param outcome publish, not_better, diverged, too_few_samples or failed
     */
    void trainingRound(String outcome, long millis, double trainLoss, double candidateLoss, double referenceLoss) {
        // the losses first: a scrape that counts the round then reads its losses, not the round's before
        lastLosses.set(new double[] {trainLoss, candidateLoss, referenceLoss});
        roundTimer(outcome).record(millis, TimeUnit.MILLISECONDS);
        if (!PUBLISHED.equals(outcome)) {
            rejectedCounter(outcome).increment();
        }
    }

    private Timer roundTimer(String outcome) {
        return Timer.builder("streamcast.training.rounds")
                .description("Training rounds by outcome, with their duration")
                .tag("outcome", outcome).register(registry);
    }

    private Counter rejectedCounter(String reason) {
        return Counter.builder("streamcast.training.candidates.rejected")
                .description("Candidates not published, by reason").tag("reason", reason).register(registry);
    }
}
