package io.streamcast.stream;

import io.streamcast.codec.UndecodableStateException;
import io.streamcast.predict.TrainingSampleCodec;
import io.streamcast.schema.TrainingSample;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Training windows in {@link TrainingSampleCodec}'s format, for the training-samples topic and the trainer's
 * training-set store: both are read by Streamcast alone, so no schema registry is involved.
 */
final class TrainingSampleSerde implements Serde<TrainingSample> {

    @Override
    public Serializer<TrainingSample> serializer() {
        return (topic, sample) -> sample == null ? null : TrainingSampleCodec.encode(sample);
    }

    @Override
    public Deserializer<TrainingSample> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return TrainingSampleCodec.decode(bytes);
            } catch (UndecodableStateException e) {
                throw new SerializationException("Cannot decode a training window on " + topic + ": "
                        + e.getMessage(), e);
            }
        };
    }
}
