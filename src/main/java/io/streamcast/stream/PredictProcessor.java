package io.streamcast.stream;

import io.streamcast.predict.EventTimePolicy;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.Rejection;
import io.streamcast.predict.StepResult;
import io.streamcast.recent.RecentActivity;
import io.streamcast.schema.Event;
import io.streamcast.schema.KeyState;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.SchemaMismatchException;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predictor: for each input record, load the key's state, let {@link KeyStep} check and apply the event,
 * store the state, and forward the prediction (and, when due, a training window). A record that cannot be
 * applied goes, unchanged, to the dead-letter topic and leaves the key's state as it was.
 *
 * <p>Reads raw bytes and decodes here, so that an unparseable record is a dead letter rather than a stopped
 * stream thread; writes bytes, serialised with each output topic's own serde.
 */
final class PredictProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(PredictProcessor.class);

    private final StreamcastTopics topics;
    private final KeyStateFormat keyStates;
    private final ModelCatalog models;
    private final PredictorSettings settings;
    private final StreamcastMetrics metrics;
    private final RecentActivity recent;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private final KeyState stored = new KeyState();
    private KeyStep step;
    private KeyMemory memory;
    private StepResult result;
    private KeyStateCodec codec;
    private double[] values;
    private final Prediction prediction = new Prediction();
    private final List<Double> observed = new ArrayList<>();
    private final List<List<Double>> forecast = new ArrayList<>();
    private final List<List<Double>> lower = new ArrayList<>();
    private final List<List<Double>> upper = new ArrayList<>();
    private final List<Double> residual = new ArrayList<>();

    PredictProcessor(StreamcastTopics topics, KeyStateFormat keyStates, ModelCatalog models,
                     PredictorSettings settings, StreamcastMetrics metrics, RecentActivity recent) {
        this.topics = topics;
        this.keyStates = keyStates;
        this.models = models;
        this.settings = settings;
        this.metrics = metrics;
        this.recent = recent;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(StreamcastTopology.KEY_STATE_STORE);
        this.step = new KeyStep(settings);
        this.memory = step.newMemory();
        this.result = step.newResult();
        this.codec = new KeyStateCodec();
        this.values = new double[settings.spec().valueDimension()];
        for (int k = 0; k < settings.spec().horizon(); k++) {
            forecast.add(new ArrayList<>(settings.spec().forecastCount()));
            lower.add(new ArrayList<>(settings.spec().forecastCount()));
            upper.add(new ArrayList<>(settings.spec().forecastCount()));
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        apply(record);
        metrics.recordEvent(System.nanoTime() - start);
    }

    private void apply(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            reject(record, Rejection.NULL_KEY, "the record has no key (entity id)");
            return;
        }
        if (record.value() == null) {
            reject(record, Rejection.NULL_VALUE, "the record has no value");
            return;
        }
        Event event;
        try {
            event = topics.events().deserializeValue(record.value());
        } catch (SchemaRegistryUnavailableException e) {
            // Not the record's fault: fail now and process it again once the registry answers.
            throw e;
        } catch (SchemaMismatchException e) {
            reject(record, Rejection.SCHEMA_MISMATCH, e.getMessage());
            return;
        } catch (SerializationException e) {
            reject(record, Rejection.UNPARSEABLE, e.getMessage());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        List<Double> eventValues = event.getValues();
        int count = eventValues.size();
        for (int j = 0; j < Math.min(count, values.length); j++) {
            values[j] = eventValues.get(j);
        }
        long eventTime = event.getEventTime().toEpochMilli();

        if (!codec.decode(keyStates.decode(store.get(key), stored), memory)) {
            LOG.warn("State of key {} does not fit the current settings and was reset", key);
        }
        long referenceTime = Math.max(record.timestamp(), context.currentSystemTimeMs());
        Rejection rejection = step.check(memory, eventTime, referenceTime, values, count);
        if (rejection != null) {
            reject(record, rejection, describe(rejection, count, eventTime, referenceTime));
            return;
        }
        step.apply(memory, eventTime, values, models.current(), result);
        store.put(key, keyStates.encode(codec.encode(memory)));

        metrics.prediction(result.isAnomaly(), result.rewarmed());
        recent.record(key, eventTime, result);
        Prediction prediction = toPrediction(key, eventTime);
        context.forward(record.withValue(topics.predictions().serializeValue(prediction)),
                StreamcastTopology.PREDICTIONS_SINK);
        if (result.isAnomaly()) {
            context.forward(record.withValue(topics.anomalies().serializeValue(prediction)),
                    StreamcastTopology.ANOMALIES_SINK);
        }
        if (result.trainingWindowDue()) {
            context.forward(record.withValue(topics.trainingSamples()
                            .serializeValue(step.trainingSample(key, memory))),
                    StreamcastTopology.TRAINING_SAMPLES_SINK);
        }
    }

    /**
     * Fills the one reused prediction record, which is serialised before it is forwarded, so before the next event.
     * Only the boxed numbers of its lists are new per event, as Avro's generated classes hold them.
     */
    private Prediction toPrediction(String key, long eventTime) {
        InputSpec spec = settings.spec();
        observed.clear();
        for (int j = 0; j < spec.valueDimension(); j++) {
            observed.add(result.observed(j));
        }
        for (int k = 1; k <= spec.horizon(); k++) {
            List<Double> row = forecast.get(k - 1);
            row.clear();
            for (int j = 0; j < spec.forecastCount(); j++) {
                row.add(result.forecast(k, j));
            }
        }
        for (int k = 1; k <= spec.horizon(); k++) {
            List<Double> low = lower.get(k - 1);
            List<Double> high = upper.get(k - 1);
            low.clear();
            high.clear();
            for (int j = 0; result.hasInterval() && j < spec.forecastCount(); j++) {
                low.add(result.lower(k, j));
                high.add(result.upper(k, j));
            }
        }
        residual.clear();
        for (int j = 0; j < result.residualCount(); j++) {
            residual.add(result.residual(j));
        }
        prediction.setKey(key);
        prediction.setEventTime(java.time.Instant.ofEpochMilli(eventTime));
        prediction.setObserved(observed);
        prediction.setForecast(forecast);
        prediction.setForecastLower(result.hasInterval() ? lower : List.of());
        prediction.setForecastUpper(result.hasInterval() ? upper : List.of());
        prediction.setIntervalCoverage(result.intervalCoverage());
        prediction.setResidual(residual);
        prediction.setRawScore(result.rawScore());
        prediction.setLikelihood(result.likelihood());
        prediction.setLogLikelihood(result.logLikelihood());
        prediction.setIsAnomaly(result.isAnomaly());
        prediction.setModelVersion(result.modelVersion());
        prediction.setWarmingUp(result.warmingUp());
        return prediction;
    }

    private String describe(Rejection rejection, int count, long eventTime, long referenceTime) {
        EventTimePolicy policy = settings.eventTimes();
        return switch (rejection) {
            case WRONG_DIMENSION -> "the event has " + count + " values, expected " + settings.spec().valueDimension();
            case NON_FINITE_VALUE -> "the event has a NaN or infinite value";
            case OUT_OF_ORDER -> "event time " + instant(eventTime) + " is before the key's latest event time "
                    + instant(memory.lastEventTime())
                    + (policy.lateEvents() == EventTimePolicy.LateEvents.REFUSE ? " (late events are refused)"
                            : " by more than the grace of " + policy.graceMillis() + " ms");
            case FAR_FUTURE -> "event time " + instant(eventTime) + " is more than " + policy.futureLimitMillis()
                    + " ms ahead of the record timestamp and the wall clock (" + instant(referenceTime) + ")";
            default -> rejection.code();
        };
    }

    private static String instant(long millis) {
        return java.time.Instant.ofEpochMilli(millis).toString();
    }

    private void reject(Record<byte[], byte[]> record, Rejection reason, String message) {
        metrics.deadLetter(reason);
        context.forward(record.withHeaders(DeadLetters.headers(record.headers(), reason, message,
                context.recordMetadata().orElse(null))), StreamcastTopology.DEAD_LETTERS_SINK);
    }
}
