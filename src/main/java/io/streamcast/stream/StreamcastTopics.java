package io.streamcast.stream;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Event;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerde;
import io.streamcast.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Serdes;

/** The application's topics, named by configuration, with their serdes. */
public record StreamcastTopics(Topic<String, Event> events,
                               Topic<String, Prediction> predictions,
                               Topic<String, Prediction> anomalies,
                               Topic<byte[], byte[]> deadLetters,
                               Topic<String, ModelSnapshot> models,
                               Topic<String, TrainingSample> trainingSamples,
                               Topic<String, TrainingRoundReport> trainingRounds) {

    /**
     * The topics named by {@code config}. Training windows use Streamcast's own format
     * ({@link TrainingSampleSerde}), the other topics the registry. Settles the writer schema id of every
     * registry-framed output topic at once, so that an
     * unreachable or refusing registry stops start-up with a clear message instead of failing a stream thread at
     * the first record.
     */
    public static StreamcastTopics from(StreamcastConfig config, AvroSerdes serdes) {
        AvroSerde<Prediction> predictions = serdes.forValues(Prediction.class);
        AvroSerde<ModelSnapshot> models = serdes.forValues(ModelSnapshot.class);
        AvroSerde<TrainingRoundReport> rounds = serdes.forValues(TrainingRoundReport.class);
        String predictionsTopic = config.getString(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG);
        String anomaliesTopic = config.getString(StreamcastConfig.ANOMALIES_TOPIC_CONFIG);
        String modelsTopic = config.getString(StreamcastConfig.MODELS_TOPIC_CONFIG);
        String samplesTopic = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        predictions.prepare(predictionsTopic);
        predictions.prepare(anomaliesTopic);
        models.prepare(modelsTopic);
        String roundsTopic = config.getString(StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG);
        rounds.prepare(roundsTopic);
        return new StreamcastTopics(
                new Topic<>(config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG), Serdes.String(),
                        serdes.forValues(Event.class)),
                new Topic<>(predictionsTopic, Serdes.String(), predictions),
                new Topic<>(anomaliesTopic, Serdes.String(), predictions),
                new Topic<>(config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG), Serdes.ByteArray(),
                        Serdes.ByteArray()),
                new Topic<>(modelsTopic, Serdes.String(), models),
                new Topic<>(samplesTopic, Serdes.String(), new TrainingSampleSerde()),
                new Topic<>(roundsTopic, Serdes.String(), rounds));
    }

    /**
     * The schema id of predictions written with the {@code Prediction} class's own schema, or -1 when the
     * predictions topic's records are written with another (see {@link AvroSerde#ownSchemaId(String)}).
     */
    public int predictionsSchemaId() {
        return ((AvroSerde<Prediction>) predictions.valueSerde()).ownSchemaId(predictions.name());
    }

    /** As {@link #predictionsSchemaId()}, for the anomalies topic. */
    public int anomaliesSchemaId() {
        return ((AvroSerde<Prediction>) anomalies.valueSerde()).ownSchemaId(anomalies.name());
    }
}
