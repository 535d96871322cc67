package io.streamcast.stream;

import io.streamcast.schema.Event;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerde;
import io.streamcast.serde.SchemaRegistry;
import org.apache.kafka.common.serialization.Serdes;

/** The application's topics, named by configuration, with their serdes. */
public record StreamcastTopics(Topic<String, Event> events,
                               Topic<String, Prediction> predictions,
                               Topic<String, Prediction> anomalies,
                               Topic<byte[], byte[]> deadLetters,
                               Topic<String, ModelSnapshot> models,
                               Topic<String, TrainingSample> trainingSamples) {

    public static StreamcastTopics from(StreamcastConfig config, SchemaRegistry registry) {
        AvroSerde<Prediction> predictions = AvroSerde.forValues(Prediction.class, registry);
        return new StreamcastTopics(
                new Topic<>(config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG), Serdes.String(),
                        AvroSerde.forValues(Event.class, registry)),
                new Topic<>(config.getString(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG), Serdes.String(),
                        predictions),
                new Topic<>(config.getString(StreamcastConfig.ANOMALIES_TOPIC_CONFIG), Serdes.String(), predictions),
                new Topic<>(config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG), Serdes.ByteArray(),
                        Serdes.ByteArray()),
                new Topic<>(config.getString(StreamcastConfig.MODELS_TOPIC_CONFIG), Serdes.String(),
                        AvroSerde.forValues(ModelSnapshot.class, registry)),
                new Topic<>(config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG), Serdes.String(),
                        AvroSerde.forValues(TrainingSample.class, registry)));
    }
}
