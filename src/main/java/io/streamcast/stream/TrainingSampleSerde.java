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

    private final boolean dropUndecodable;

    /** For the training-samples topic: an undecodable window is a {@link SerializationException}. */
    TrainingSampleSerde() {
        this(false);
    }

    private TrainingSampleSerde(boolean dropUndecodable) {
        this.dropUndecodable = dropUndecodable;
    }

    /**
     * For the training-set store: a stored window this release cannot read (written by a later release before a
     * rollback) reads as null, so the trainer drops it; thrown while the trainer starts, it would stop every
     * instance that takes the trainer's task, one after another.
     */
    static TrainingSampleSerde forStore() {
        return new TrainingSampleSerde(true);
    }

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
                if (dropUndecodable) {
                    return null;
                }
                throw new SerializationException("Cannot decode a training window on " + topic + ": "
                        + e.getMessage(), e);
            }
        };
    }
}
