package io.streamcast.stream;

import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.LargestRecords;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.training.LargestSnapshot;
import io.streamcast.training.TrainerSettings;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses at start-up settings whose records no producer could send: a key's stored state (its changelog record),
 * its training window and its prediction all grow with the history, the value dimension and the horizon, and a
 * record larger than the producer's {@code max.request.size} would fail every event of every key; a model snapshot
 * grows with the network, and one too large would stop the trainer's instance at every round, after every restart.
 */
public final class RecordSizeCheck {

    /** The longest key (entity id) accepted, in bytes; a longer one is dead-lettered ({@code key-too-long}). */
    public static final int MAX_KEY_BYTES = 512;
    /**
     * Room for the record's key (an entity id, which predictions and training windows also carry in their value),
     * headers and framing around the value.
     */
    static final int RECORD_OVERHEAD = 2 * MAX_KEY_BYTES + 1024;

    private RecordSizeCheck() {
    }

    static void requireFit(StreamcastConfig config) {
        long limit = maxRequestSize(config.streamsProperties());
        PredictorSettings settings = config.predictorSettings();
        int history = config.getInt(StreamcastConfig.HISTORY_LENGTH_CONFIG);
        int dimension = config.getInt(StreamcastConfig.VALUE_DIMENSION_CONFIG);
        int horizon = settings.spec().horizon();
        int forecasts = settings.spec().forecastCount();
        String historyTerms = StreamcastConfig.HISTORY_LENGTH_CONFIG + "=" + history + " and "
                + StreamcastConfig.VALUE_DIMENSION_CONFIG + "=" + dimension;
        String horizonTerms = StreamcastConfig.FORECAST_HORIZON_CONFIG + "=" + horizon + " and " + forecasts
                + " forecast values";
        require(largestPrediction(dimension, horizon, forecasts), limit, StreamcastConfig.FORECAST_HORIZON_CONFIG,
                "A prediction", horizonTerms + " (with its prediction interval)");
        // What the state holds at least, checked before a state of that size is built to be measured: the
        // history's values, and the forecasts made after each of the last horizon events.
        require(4L * history * dimension, limit, StreamcastConfig.HISTORY_LENGTH_CONFIG, "A key's stored history",
                historyTerms);
        require(8L * horizon * horizon * forecasts, limit, StreamcastConfig.FORECAST_HORIZON_CONFIG,
                "A key's stored forecasts", horizonTerms + " (a forecast of every step from each of the last "
                        + horizon + " events)");
        int lstmFloats = configuredLstmFloats(config);
        String weekly = settings.weeklyRhythm() ? " and the weekly profile, up to 1.7 KB per forecast value, which "
                + StreamcastConfig.FORECAST_WEEKLY_RHYTHM_CONFIG + "=false leaves out" : "";
        require(LargestRecords.keyState(settings, lstmFloats), limit, StreamcastConfig.HISTORY_LENGTH_CONFIG,
                "A key's stored state", historyTerms + ", " + horizonTerms
                        + " (with the model, forecast and detector state" + weekly + ")");
        require(LargestRecords.trainingWindow(settings), limit, StreamcastConfig.HISTORY_LENGTH_CONFIG,
                "A training window", historyTerms);
        if (config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG)) {
            TrainerSettings trainer = config.trainerSettings();
            require(LargestSnapshot.bytes(config.getString(StreamcastConfig.MODEL_NAME_CONFIG),
                    config.inputSpec(), trainer), limit, StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG,
                    "A model snapshot the trainer publishes", StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG + "="
                            + trainer.hiddenSize() + " and " + StreamcastConfig.MODEL_LAYERS_CONFIG + "="
                            + trainer.layers() + " (4 bytes per weight)");
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
        long limit = maxRequestSize(config.streamsProperties());
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

    private static void require(long bytes, long limit, String setting, String what, String because) {
        if (bytes + RECORD_OVERHEAD > limit) {
            throw new ConfigException(what + " can reach " + bytes + " bytes with " + because + ", more than the"
                    + " producer's max.request.size of " + limit + " bytes allows, and such a record could not be"
                    + " sent: lower "
                    + setting + ", or raise producer.max.request.size (and the broker's message.max.bytes).");
        }
    }

    /** The producer's {@code max.request.size} as Kafka Streams would set it: prefixed over plain over default. */
    static long maxRequestSize(Properties streams) {
        return StreamcastConfig.producerInt(streams, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
    }
}
