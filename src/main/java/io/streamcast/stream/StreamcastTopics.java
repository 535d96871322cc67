package io.streamcast.stream;

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
     * The topics named by {@code config}. Settles the writer schema id of every output topic at once, so that an
     * unreachable or refusing registry stops start-up with a clear message instead of failing a stream thread at
     * the first record.
     */
    public static StreamcastTopics from(StreamcastConfig config, AvroSerdes serdes) {
        AvroSerde<Prediction> predictions = serdes.forValues(Prediction.class);
        AvroSerde<ModelSnapshot> models = serdes.forValues(ModelSnapshot.class);
        AvroSerde<TrainingSample> samples = serdes.forValues(TrainingSample.class);
        AvroSerde<TrainingRoundReport> rounds = serdes.forValues(TrainingRoundReport.class);
        String predictionsTopic = config.getString(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG);
        String anomaliesTopic = config.getString(StreamcastConfig.ANOMALIES_TOPIC_CONFIG);
        String modelsTopic = config.getString(StreamcastConfig.MODELS_TOPIC_CONFIG);
        String samplesTopic = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        predictions.prepare(predictionsTopic);
        predictions.prepare(anomaliesTopic);
        models.prepare(modelsTopic);
        samples.prepare(samplesTopic);
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
                new Topic<>(samplesTopic, Serdes.String(), samples),
                new Topic<>(roundsTopic, Serdes.String(), rounds));
    }
}
