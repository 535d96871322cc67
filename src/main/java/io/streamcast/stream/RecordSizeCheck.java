package io.streamcast.stream;

import io.streamcast.config.KafkaClientsCheck;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyLength;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.LargestRecords;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.training.LargestSnapshot;
import io.streamcast.training.TrainerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses at start-up settings whose records no producer could send: a key's stored state (its changelog record),
 * its training window and its prediction all grow with the history, the value dimension and the horizon, and a
 * record larger than the producer's {@code max.request.size} would fail every event of every key; a model snapshot
 * grows with the network, and one too large would stop the trainer's instance at every round, after every restart.
 * The topics' own limits, which only the cluster knows, are checked by {@code io.streamcast.app.MessageSizeCheck}.
 */
public final class RecordSizeCheck {

    /** The longest key (entity id) accepted, in bytes; a longer one is dead-lettered ({@code key-too-long}). */
    public static final int MAX_KEY_BYTES = KeyLength.MAX_KEY_BYTES;
    /** Room for the record's key (an entity id, as sent), headers and framing around the value. */
    static final int RECORD_OVERHEAD = MAX_KEY_BYTES + 1024;
    /**
     * Room for the key a prediction carries in its value as text: there each of a key's bytes that is not UTF-8 is
     * read as a replacement character, three bytes of UTF-8, so a key of {@link #MAX_KEY_BYTES} such bytes takes three
     * times that. A training window carries the key's bytes as they came ({@link #MAX_KEY_BYTES}).
     */
    static final int KEY_AS_TEXT = 3 * MAX_KEY_BYTES;

    private RecordSizeCheck() {
    }

    public static void requireFit(StreamcastConfig config) {
        Properties streams = config.streamsProperties();
        long limit = maxRequestSize(streams);
        // in order, the cheap bounds first: a state of the size the settings allow is built to be measured, and one far
        // too large would not fit the heap
        for (LargestRecord record : largestRecords(config)) {
            if (!record.fits(limit)) {
                throw new ConfigException(record.what() + " can reach " + record.bytes() + " bytes with "
                        + record.because() + ", more than the producer's max.request.size of " + limit
                        + " bytes allows, and such a record could not be sent: lower " + record.setting()
                        + ", or raise producer.max.request.size (and the broker's message.max.bytes).");
            }
        }
        requireRoomForADeadLetter(streams, limit);
    }

    /**
     * A dead letter sheds its value, the record's headers and its key to fit, never Streamcast's own headers: below
     * what those can need, some dead letter could not be sent, and one that cannot be sent stops the instance at the
     * same record after every restart. The dead-letter topic's own limit is held to the same bound by
     * {@code io.streamcast.app.MessageSizeCheck}, which needs the cluster.
     */
    private static void requireRoomForADeadLetter(Properties streams, long limit) {
        long irreducible = DeadLetters.largestIrreducible();
        if (limit < irreducible) {
            String given = KafkaClientsCheck.given(streams, ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    KafkaClientsCheck.PRODUCER);
            throw new ConfigException(given, streams.get(given), "must be at least " + irreducible + ": a dead"
                    + " letter can need that many bytes with nothing left but Streamcast's own headers (a message of"
                    + " up to " + DeadLetters.MAX_MESSAGE + " characters, the source topic's name, the notes of what"
                    + " was left out), and one that could not be sent would stop the instance at the same record"
                    + " after every restart");
        }
    }

    /**
     * The topics an event's outputs go to, which carry the event's headers: predictions, anomalies and, when windows
     * are sent, training windows.
     */
    public static List<String> outputTopics(StreamcastConfig config) {
        List<String> topics = new ArrayList<>(List.of(config.getString(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG),
                config.getString(StreamcastConfig.ANOMALIES_TOPIC_CONFIG)));
        if (config.getInt(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG) > 0) {
            topics.add(config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG));
        }
        return topics;
    }

    /**
     * The largest record of each kind the instance writes under these settings, each with the topics it goes to:
     * the producer's {@code max.request.size} bounds them all, and each topic's {@code max.message.bytes} those sent
     * to it.
     */
    public static List<LargestRecord> largestRecords(StreamcastConfig config) {
        PredictorSettings settings = config.predictorSettings();
        int history = config.getInt(StreamcastConfig.HISTORY_LENGTH_CONFIG);
        int dimension = config.getInt(StreamcastConfig.VALUE_DIMENSION_CONFIG);
        int horizon = settings.spec().horizon();
        int forecasts = settings.spec().forecastCount();
        String historyTerms = StreamcastConfig.HISTORY_LENGTH_CONFIG + "=" + history + " and "
                + StreamcastConfig.VALUE_DIMENSION_CONFIG + "=" + dimension;
        String horizonTerms = StreamcastConfig.FORECAST_HORIZON_CONFIG + "=" + horizon + " and " + forecasts
                + " forecast values";
        // an anomaly is its prediction, sent to the anomalies topic too
        List<String> predictions = List.of(config.getString(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG),
                config.getString(StreamcastConfig.ANOMALIES_TOPIC_CONFIG));
        List<String> keyStates = List.of(changelog(config, StreamcastTopology.KEY_STATE_STORE));
        boolean trains = config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG);
        List<String> windows = new ArrayList<>();
        if (config.getInt(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG) > 0) {
            windows.add(config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG));
        }
        if (trains) {
            windows.add(changelog(config, StreamcastTopology.TRAINING_SET_STORE));
        }
        List<LargestRecord> records = new ArrayList<>();
        records.add(new LargestRecord("A prediction", () -> largestPrediction(dimension, horizon, forecasts),
                StreamcastConfig.FORECAST_HORIZON_CONFIG, horizonTerms + " (with its prediction interval)",
                predictions, KEY_AS_TEXT));
        // What the state holds at least, checked before a state of that size is built to be measured: the
        // history's values, and the forecasts made after each of the last horizon events.
        records.add(new LargestRecord("A key's stored history", () -> 4L * history * dimension,
                StreamcastConfig.HISTORY_LENGTH_CONFIG, historyTerms, keyStates, 0));
        records.add(new LargestRecord("A key's stored forecasts", () -> 8L * horizon * horizon * forecasts,
                StreamcastConfig.FORECAST_HORIZON_CONFIG, horizonTerms + " (a forecast of every step from each of"
                        + " the last " + horizon + " events)", keyStates, 0));
        String weekly = settings.weeklyRhythm() ? " and the weekly profile, up to 1.7 KB per forecast value, which "
                + StreamcastConfig.FORECAST_WEEKLY_RHYTHM_CONFIG + "=false leaves out" : "";
        int lstmFloats = configuredLstmFloats(config);
        records.add(new LargestRecord("A key's stored state", () -> LargestRecords.keyState(settings, lstmFloats),
                StreamcastConfig.HISTORY_LENGTH_CONFIG, historyTerms + ", " + horizonTerms
                        + " (with the model, forecast and detector state" + weekly + ")", keyStates, 0));
        records.add(new LargestRecord("A training window", () -> LargestRecords.trainingWindow(settings),
                StreamcastConfig.HISTORY_LENGTH_CONFIG, historyTerms, windows, MAX_KEY_BYTES));
        if (trains) {
            TrainerSettings trainer = config.trainerSettings();
            String name = config.getString(StreamcastConfig.MODEL_NAME_CONFIG);
            InputSpec spec = config.inputSpec();
            records.add(new LargestRecord("A model snapshot the trainer publishes",
                    () -> LargestSnapshot.bytes(name, spec, trainer),
                    StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG + "="
                            + trainer.hiddenSize() + " and " + StreamcastConfig.MODEL_LAYERS_CONFIG + "="
                            + trainer.layers() + " (4 bytes per weight)",
                    // kept in the trainer's outcome store, and its changelog, until it is published
                    List.of(config.getString(StreamcastConfig.MODELS_TOPIC_CONFIG),
                            changelog(config, StreamcastTopology.TRAINER_OUTCOME_STORE)), 0));
        }
        return records;
    }

    /** {@code size}, measured at its first call only: a key's state is built to be measured. */
    private static LongSupplier once(LongSupplier size) {
        long[] measured = {-1};
        return () -> {
            if (measured[0] < 0) {
                measured[0] = size.getAsLong();
            }
            return measured[0];
        };
    }

    /** The changelog topic Kafka Streams keeps for the application's store {@code store}. */
    public static String changelog(StreamcastConfig config, String store) {
        return config.applicationId() + "-" + store + "-changelog";
    }

    /** Every changelog topic Kafka Streams keeps for the application (StreamcastTopology.CHANGELOGGED_STORES). */
    public static Set<String> changelogs(StreamcastConfig config) {
        return StreamcastTopology.CHANGELOGGED_STORES.stream().map(store -> changelog(config, store))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The largest record of one kind, measured on demand, in bytes without {@link #RECORD_OVERHEAD}; the setting that
     * bounds it most, what it grows with, the topics it is sent to, and the room for the key it carries in its value
     * (0, {@link #MAX_KEY_BYTES} or {@link #KEY_AS_TEXT}).
     */
    public record LargestRecord(String what, LongSupplier size, String setting, String because, List<String> topics,
                                int keyInValue) {

        public LargestRecord {
            size = once(size);
        }

        /** The record's largest size in bytes, without its framing. */
        public long bytes() {
            return size.getAsLong();
        }

        /** Whether the record, with its key, headers and framing, fits within {@code limit} bytes. */
        public boolean fits(long limit) {
            return bytes() + RECORD_OVERHEAD + keyInValue <= limit;
        }
    }

    /**
     * The longest recurrent state a model may keep per key under these settings: the most floats a key's stored state
     * can hold and still be sent within the producer's {@code max.request.size}, at most
     * {@link KeyStateCodec#MAX_LSTM_STATE}. Why: the start-up check measures the configured {@code model.hidden.size}
     * and {@code model.layers}, but a model published from elsewhere may keep a longer state; taken into use, the
     * changelog record of the first key to step it could not be sent, which stops the instance, and again after every
     * restart, as the models topic still holds that model.
     */
    static int largestModelState(StreamcastConfig config) {
        return largestModelState(config, Long.MAX_VALUE);
    }

    /**
     * As {@link #largestModelState(StreamcastConfig)}, for a key state that must also fit {@code changelogLimit} bytes,
     * the largest record its changelog topic takes ({@code max.message.bytes}), which only the cluster knows.
     */
    public static int largestModelState(StreamcastConfig config, long changelogLimit) {
        long limit = Math.min(maxRequestSize(config.streamsProperties()), changelogLimit);
        PredictorSettings settings = config.predictorSettings();
        long room = limit - RECORD_OVERHEAD - LargestRecords.keyState(settings, 0);
        // four bytes a float, and two lengths (the state's, its section's) grow from one varint byte to at most three
        long floats = Math.min(KeyStateCodec.MAX_LSTM_STATE, (room - 4) / Float.BYTES);
        // measured, not only estimated: the largest state with an LSTM state is not always the one without plus its
        // floats and lengths (a byte more at some lengths, which let a model through whose keys' states were a byte
        // too long to send)
        while (floats > 0 && LargestRecords.keyState(settings, (int) floats) + RECORD_OVERHEAD > limit) {
            floats--;
        }
        // the configured network, which start-up measured to fit, whatever a few bytes of rounding say
        return (int) Math.max(floats, configuredLstmFloats(config));
    }

    /** Floats of recurrent state a model of the configured shape keeps per key: h and c of every layer. */
    private static int configuredLstmFloats(StreamcastConfig config) {
        return 2 * config.getInt(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG)
                * config.getInt(StreamcastConfig.MODEL_LAYERS_CONFIG);
    }

    /**
     * A prediction's value: the observed values, a forecast, lower and upper bound per step and forecast value,
     * the residuals (8 bytes each), the scores and the array framing.
     */
    static long largestPrediction(int dimension, int horizon, int forecasts) {
        return 8L * (dimension + forecasts + 3L * horizon * forecasts) + 16L * horizon + 128;
    }

    /** The producer's {@code max.request.size} as Kafka Streams would set it: prefixed over plain over default. */
    static long maxRequestSize(Properties streams) {
        return StreamcastConfig.producerInt(streams, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
    }
}
