package io.streamcast.stream;

import io.streamcast.codec.BinaryWriter;
import io.streamcast.codec.UndecodableStateException;
import io.streamcast.predict.EventTimePolicy;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputPosition;
import io.streamcast.predict.KeyLength;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.Rejection;
import io.streamcast.predict.StepFiniteness;
import io.streamcast.predict.StepResult;
import io.streamcast.recent.RecentActivity;
import io.streamcast.serde.SchemaMismatchException;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predictor: for each input record, load the key's state, let {@link KeyStep} check and apply the event, build
 * the prediction (and, when due, the anomaly and a training window), then store the state and forward them. A record
 * that cannot be applied, or whose outputs cannot be built, goes unchanged to the dead-letter topic and leaves the
 * key's state as it was; but a key whose stored state fails {@value StoredStateFailures#GIVE_UP_AT} events in a row
 * starts afresh with the last of them ({@link StoredStateFailures}).
 *
 * <p>Reads raw bytes and decodes here, so that an unparseable record is a dead letter rather than a stopped
 * stream thread. An accepted event allocates nothing here but the byte arrays handed to Kafka (the state and each
 * record sent): the event is read into reused fields, the state decoded into reused memory, and the prediction
 * written straight from the step's result.
 */
final class PredictProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(PredictProcessor.class);
    /** Keys whose state did not fit the settings named one by one, per task, before the rest are only counted. */
    private static final int RESETS_LOGGED = 10;

    private final StreamcastTopics topics;
    private final ModelCatalog models;
    private final PredictorSettings settings;
    private final StreamcastMetrics metrics;
    private final RecentActivity recent;
    /** What an output and a dead letter must fit. */
    private final SendLimits limits;
    /**
     * Shared by the instance's predictors, and kept when {@link #init} builds the rest afresh: warns of event times in
     * seconds at most once a minute.
     */
    private final SecondsForMilliseconds secondsForMilliseconds;
    /**
     * Whether a record its key has read before is refused as replayed ({@link InputPosition}): under exactly-once. A
     * record read again after a crash under at-least-once may have had its state stored without its prediction sent,
     * and is applied again, as that guarantee's duplicates are.
     */
    private final boolean replaysRefused;
    /** How an event is applied to a key's memory: the step's own way, but in tests that make it fail. */
    private final StepApplication application;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<byte[], byte[]> store;
    private KeyStep step;
    private KeyMemory memory;
    private StepResult result;
    private KeyStateCodec codec;
    private EventReader events;
    private PredictionWriter predictionWriter;
    private PredictionRecord predictionRecord;
    private BinaryWriter sampleWriter;
    private int predictionsSchemaId;
    private int anomaliesSchemaId;
    private int resetsLogged;
    /**
     * How the state of the record's key was taken in ({@link #load}), and why it could not be decoded (null when it
     * could), counted and logged only once the event is applied: a refused event stores nothing, so the key's next
     * event takes the same state in again.
     */
    private KeyStateCodec.Outcome takenIn;
    private String undecodable;
    /**
     * Whether the record's event was applied to a fresh state after its key's stored state failed too often, or left
     * a number NaN that a healthy step leaves finite.
     */
    private boolean givenUp;
    private StoredStateFailures failures;

    PredictProcessor(StreamcastTopics topics, ModelCatalog models, PredictorSettings settings,
                     StreamcastMetrics metrics, RecentActivity recent, SendLimits limits,
                     SecondsForMilliseconds secondsForMilliseconds, boolean replaysRefused) {
        this(topics, models, settings, metrics, recent, limits, secondsForMilliseconds, replaysRefused,
                KeyStep::apply);
    }

    PredictProcessor(StreamcastTopics topics, ModelCatalog models, PredictorSettings settings,
                     StreamcastMetrics metrics, RecentActivity recent, SendLimits limits,
                     SecondsForMilliseconds secondsForMilliseconds, boolean replaysRefused,
                     StepApplication application) {
        this.application = application;
        this.replaysRefused = replaysRefused;
        this.limits = limits;
        this.secondsForMilliseconds = secondsForMilliseconds;
        this.recent = recent;
        this.topics = topics;
        this.models = models;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * (Re)sets everything this processor works with: Kafka Streams calls it again on the same object when it
     * revives a corrupted task, so it builds afresh rather than adding to what a previous call built.
     */
    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(StreamcastTopology.KEY_STATE_STORE);
        this.step = new KeyStep(settings);
        this.memory = step.newMemory();
        this.result = step.newResult();
        this.codec = new KeyStateCodec();
        this.events = new EventReader(topics.events(), settings.spec().valueDimension());
        this.predictionWriter = new PredictionWriter(settings.spec());
        this.predictionRecord = new PredictionRecord(settings.spec());
        this.sampleWriter = new BinaryWriter();
        this.predictionsSchemaId = topics.predictionsSchemaId();
        this.anomaliesSchemaId = topics.anomaliesSchemaId();
        this.failures = new StoredStateFailures();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        try {
            apply(record);
        } catch (RuntimeException e) {
            // A record whose processing throws (a processing-error dead letter) is an input record too, but not one
            // whose failure fails the task (an unreachable registry): it is processed again, and counted then.
            if (!DeadLetterProcessingHandler.failsTheTask(e)) {
                metrics.recordEvent(System.nanoTime() - start);
            }
            throw e;
        }
        metrics.recordEvent(System.nanoTime() - start);
    }

    private void apply(Record<byte[], byte[]> record) {
        byte[] key = record.key();
        if (key == null) {
            reject(record, Rejection.NULL_KEY, "the record has no key (entity id)");
            return;
        }
        String tooLong = KeyLength.refusal(key.length);
        if (tooLong != null) {
            reject(record, Rejection.KEY_TOO_LONG, tooLong);
            return;
        }
        if (record.value() == null) {
            reject(record, Rejection.NULL_VALUE, "the record has no value");
            return;
        }
        try {
            events.read(record.value());
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
        long eventTime = events.eventTime();
        double[] values = events.values();
        int count = events.count();

        long referenceTime = context.currentSystemTimeMs();
        // Values no key could take are refused before the key's state is read: taken in under settings they do not
        // fit either (a wrong value.dimension), every key's state was logged and counted as reset at each refused
        // event, though none was stored.
        Rejection rejection = step.checkValues(values, count);
        if (rejection != null) {
            reject(record, rejection, describe(rejection, count, eventTime, referenceTime));
            return;
        }
        load(key);
        boolean fresh = takenIn == KeyStateCodec.Outcome.NEW || takenIn == KeyStateCodec.Outcome.RESET;
        rejection = step.checkTime(memory, eventTime, referenceTime);
        if (rejection == Rejection.OUT_OF_ORDER
                && settings.eventTimes().outrunsTheClock(memory.lastEventTime(), referenceTime)) {
            restartAheadOfTheClock(key, referenceTime);
            fresh = true;
            rejection = step.checkTime(memory, eventTime, referenceTime);
        }
        // after the restart of a key no clock could have fed, which forgets the records it applied too
        RecordMetadata position = context.recordMetadata().orElse(null);
        if ((rejection == null || rejection == Rejection.OUT_OF_ORDER) && replaysRefused && position != null
                && InputPosition.readBefore(memory, position.partition(), position.offset(), eventTime)) {
            reject(record, Rejection.REPLAYED, replayed(position, eventTime));
            return;
        }
        if (rejection != null) {
            reject(record, rejection, describe(rejection, count, eventTime, referenceTime));
            return;
        }
        // A failure here on the key's stored state (bytes no step wrote, or a bug on a rare state) would come again at
        // every later event, the state never being stored again: after a few in a row the state is given up and the
        // event applied to a fresh one. A failure on a fresh state is no stored state's doing: a dead letter as ever.
        // A stored state that leaves a NaN where a healthy step never does is given up at once: its prediction would
        // carry the NaN to users, and an event that does so on a state the step wrote is no event's own fault.
        byte[] state;
        // what the step on the key's stored state left NaN or infinite (StepFiniteness); null when nothing
        String nonFinite = null;
        try {
            applyStep(eventTime, values);
            nonFinite = fresh ? null : StepFiniteness.nonFinite(memory, result);
            state = nonFinite == null ? encode(position) : null;
        } catch (RuntimeException e) {
            if (fresh || DeadLetterProcessingHandler.failsTheTask(e) || !failures.failedAgain(key)) {
                throw e;
            }
            LOG.warn("State of key {} failed {} events in a row and is given up: the earlier ones were"
                    + " processing-error dead letters, this one is applied to a fresh state, as a new key's", text(key),
                    StoredStateFailures.GIVE_UP_AT, e);
            state = applyAfresh(eventTime, values, position, e);
        }
        if (state == null) {
            LOG.warn("State of key {} left {} NaN or infinite at its event, which no step on a sound state does, and is"
                    + " given up: the event is applied to a fresh state, as a new key's", text(key), nonFinite);
            state = applyAfresh(eventTime, values, position, null);
        }

        // Everything of ours that can fail (encoding the state and each output, fitting their headers, the console's
        // record) comes before the state is stored: a failure there dead-letters the record (processing-error) with
        // the key's stored state as it was and nothing sent for the event. Stored first, such a failure left the event
        // counted in the state without its prediction (or, at the anomaly or the training window, with its prediction
        // sent), and the dead letter, replayed, was applied twice. After the store only Kafka's forwards run, whose
        // failures fail the task, and under exactly-once its changelog writes and sent records are aborted together;
        // then the counters, which cannot fail, count what was sent.
        byte[] prediction = predictionsSchemaId >= 0
                ? predictionWriter.write(predictionsSchemaId, key, eventTime, result)
                : topics.predictions().serializeValue(predictionRecord.fill(text(key), eventTime, result));
        // The event's headers pass on, but for those of an earlier dead letter: a record replayed from the
        // dead-letter topic and now predicted is no dead letter, and its outputs must not read as one.
        Headers carried = DeadLetters.withoutDeadLetterHeaders(record.headers());
        Record<byte[], byte[]> predicted = output(record, carried, prediction);
        Record<byte[], byte[]> anomaly = result.isAnomaly()
                ? output(record, carried, anomaly(prediction, key, eventTime)) : null;
        Record<byte[], byte[]> window = result.trainingWindowDue()
                ? output(record, carried, step.encodeTrainingSample(key, memory, sampleWriter)) : null;
        recent.record(key, eventTime, result, position == null ? InputPosition.NONE : position.partition(),
                position == null ? InputPosition.NONE : position.offset());

        store.put(key, state);
        context.forward(predicted, StreamcastTopology.PREDICTIONS_SINK);
        if (anomaly != null) {
            context.forward(anomaly, StreamcastTopology.ANOMALIES_SINK);
        }
        if (window != null) {
            context.forward(window, StreamcastTopology.TRAINING_SAMPLES_SINK);
        }
        failures.succeeded(key);
        // before the prediction is counted, as when the key's state was counted at its load
        tookIn(key);
        if (givenUp) {
            metrics.keyStateGivenUp();
        }
        metrics.prediction(result.isAnomaly(), result.rewarmed());
        String wrongUnit = secondsForMilliseconds.warningFor(key, eventTime, referenceTime);
        if (wrongUnit != null) {
            LOG.warn(wrongUnit);
        }
    }

    /**
     * Applies the event to {@link #memory}: with {@link #encode}, the work a stored state can fail and a fresh state
     * mend. The outputs are built after it: a failure there (a schema that cannot hold one) is no state's to mend.
     * The finiteness check between the two stays in {@link #apply}: in a method with them, its loops made that
     * method's compiled code too large for C2 to inline once compiled on its own (over InlineSmallCode).
     */
    private void applyStep(long eventTime, double[] values) {
        application.apply(step, memory, eventTime, values, models.modelFor(memory.modelVersion()), result);
    }

    /** Notes the record's position in {@link #memory} and encodes the state the step left. */
    private byte[] encode(RecordMetadata position) {
        if (position != null) {
            InputPosition.apply(memory, position.partition(), position.offset());
        }
        return codec.encode(memory);
    }

    /**
     * Applies the event to a fresh state, where the key's stored state failed it and {@link
     * StoredStateFailures#GIVE_UP_AT} - 1 events before it ({@code failure} this one's failure), or left a number NaN
     * that a healthy step leaves finite ({@code failure} null): a state that fails every event is never stored again,
     * and would stop its key for good; one that leaves a NaN would send it. If the fresh state fails too, the event is
     * dead-lettered, with the stored state's failure suppressed in it, and the stored state stays.
     */
    private byte[] applyAfresh(long eventTime, double[] values, RecordMetadata position, RuntimeException failure) {
        memory.reset();
        takenIn = KeyStateCodec.Outcome.NEW;
        undecodable = null;
        try {
            applyStep(eventTime, values);
            byte[] state = encode(position);
            givenUp = true;
            return state;
        } catch (RuntimeException e) {
            if (failure != null && e != failure) {
                e.addSuppressed(failure);
            }
            throw e;
        }
    }

    /** The record to send {@code value} for the event {@code record}, with {@code carried} if it fits with them. */
    private Record<byte[], byte[]> output(Record<byte[], byte[]> record, Headers carried, byte[] value) {
        return record.withValue(value).withHeaders(OutputHeaders.fitted(record.key(), value, carried,
                limits.outputs()));
    }

    /**
     * The prediction for the anomalies topic: the same record under that topic's schema id. Its bytes can be reused
     * only when both topics' schemas are the class's own (both ids known): a prediction written with the predictions
     * subject's latest schema, another version, has that schema's layout, which the anomalies topic's id would not
     * describe.
     */
    private byte[] anomaly(byte[] prediction, byte[] key, long eventTime) {
        if (anomaliesSchemaId < 0 || predictionsSchemaId < 0) {
            return topics.anomalies().serializeValue(predictionRecord.fill(text(key), eventTime, result));
        }
        byte[] copy = prediction.clone();
        copy[1] = (byte) (anomaliesSchemaId >>> 24);
        copy[2] = (byte) (anomaliesSchemaId >>> 16);
        copy[3] = (byte) (anomaliesSchemaId >>> 8);
        copy[4] = (byte) anomaliesSchemaId;
        return copy;
    }

    /**
     * Loads the key's stored state into {@link #memory}. Bytes that no codec can read say nothing usable about the
     * key, and would fail every later event of it: the key starts afresh, counted and logged once its event is applied
     * ({@link #tookIn}).
     */
    private void load(byte[] key) {
        undecodable = null;
        givenUp = false;
        try {
            takenIn = codec.decode(store.get(key), memory);
        } catch (UndecodableStateException e) {
            memory.reset();
            takenIn = KeyStateCodec.Outcome.NEW;
            undecodable = e.getMessage();
        }
    }

    /**
     * Counts and logs how the key's state was taken in, once its event is applied and the state stored: counted at
     * load, each event refused before it (late, replayed, far ahead) counted the key again, though nothing was stored.
     */
    private void tookIn(byte[] key) {
        if (undecodable != null) {
            metrics.undecodableKeyState();
            LOG.warn("State of key {} cannot be decoded and was reset: {}", text(key), undecodable);
        } else if (takenIn != KeyStateCodec.Outcome.NEW && takenIn != KeyStateCodec.Outcome.LOADED) {
            keyStateTakenIn(key, takenIn);
        }
    }

    /**
     * Starts afresh a key whose latest event time no event could have reached under the clock now: it was accepted
     * while the clock ran ahead, and would otherwise have the key refuse every genuine event as late until the clock
     * reached it, months or years for a clock set wrong. Its history, rhythms and statistics sit at those times too.
     */
    private void restartAheadOfTheClock(byte[] key, long referenceTime) {
        LOG.warn("Key {} restarts: its latest event time {} is further ahead of the clock ({}) than any event could"
                + " have been accepted, so the clock has gone back since it was accepted", text(key),
                instant(memory.lastEventTime()), instant(referenceTime));
        memory.reset();
        metrics.keyAheadOfTheClock();
    }

    /**
     * Counts a key whose stored state did not wholly fit the current settings, and says so for the first
     * {@value #RESETS_LOGGED} of them: after a change of settings every key of the task meets it once, and a line
     * per key would bury the log (the count, {@code streamcast_key_state_resets_total}, has them all).
     */
    private void keyStateTakenIn(byte[] key, KeyStateCodec.Outcome outcome) {
        metrics.keyStateTakenIn(outcome);
        boolean reset = outcome == KeyStateCodec.Outcome.RESET || outcome == KeyStateCodec.Outcome.PARTLY_RESET;
        if (!reset || resetsLogged > RESETS_LOGGED) {
            return;
        }
        resetsLogged++;
        if (resetsLogged > RESETS_LOGGED) {
            LOG.warn("More keys' states do not fit the current settings; they are reset as above, counted"
                    + " in streamcast_key_state_resets_total and not logged one by one");
            return;
        }
        if (outcome == KeyStateCodec.Outcome.RESET) {
            LOG.warn("State of key {} does not fit the current settings and was reset ({})", text(key),
                    codec.describeUnfit());
        } else {
            LOG.warn("State of key {} does not wholly fit the current settings: the sections that did not fit ({})"
                    + " start afresh, the rest of the key's state is kept", text(key),
                    String.join(", ", codec.unfitSections()));
        }
    }

    /** Applies an event to a key's memory, as {@link KeyStep#apply} does. */
    @FunctionalInterface
    interface StepApplication {
        void apply(KeyStep step, KeyMemory memory, long eventTime, double[] values, ForecastModel model,
                   StepResult result);
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    private String describe(Rejection rejection, int count, long eventTime, long referenceTime) {
        EventTimePolicy policy = settings.eventTimes();
        return switch (rejection) {
            case WRONG_DIMENSION -> "the event has " + count + " values, expected " + settings.spec().valueDimension();
            case NON_FINITE_VALUE -> "the event has a NaN or infinite value";
            case VALUE_OUT_OF_RANGE -> "the event has a value of magnitude above " + KeyStep.MAX_MAGNITUDE;
            case OUT_OF_ORDER -> "event time " + instant(eventTime) + " is before the key's latest event time "
                    + instant(memory.lastEventTime())
                    + (policy.lateEvents() == EventTimePolicy.LateEvents.REFUSE ? " (late events are refused)"
                            : " by more than the grace of " + policy.graceMillis() + " ms");
            case FAR_FUTURE -> eventTime > EventTimePolicy.LATEST_EVENT_TIME
                    ? "event time " + instant(eventTime) + " is after the year 9999"
                    : "event time " + instant(eventTime) + " is more than " + policy.futureLimitMillis()
                    + " ms ahead of the wall clock (" + instant(referenceTime) + ")";
            case FAR_PAST -> "event time " + instant(eventTime) + " is before the year 1";
            default -> rejection.code();
        };
    }

    private String replayed(RecordMetadata position, long eventTime) {
        return "a record read again: offset " + position.offset() + " of partition " + position.partition()
                + " is at or before offset " + memory.lastOffset() + ", the last record the key applied, and event"
                + " time " + instant(eventTime) + " is not after the key's latest, " + instant(memory.lastEventTime())
                + " (the consumer group's offsets were reset, or the topic's records are numbered anew)";
    }

    private static String instant(long millis) {
        return java.time.Instant.ofEpochMilli(millis).toString();
    }

    private void reject(Record<byte[], byte[]> record, Rejection reason, String message) {
        metrics.deadLetter(reason);
        Headers headers = DeadLetters.headers(record.headers(), reason, message, context.recordMetadata().orElse(null));
        DeadLetters.Letter letter = DeadLetters.fitted(record.key(), record.value(), headers, limits.deadLetters());
        context.forward(record.withKey(letter.key()).withValue(letter.value()).withHeaders(letter.headers()),
                StreamcastTopology.DEAD_LETTERS_SINK);
    }
}
