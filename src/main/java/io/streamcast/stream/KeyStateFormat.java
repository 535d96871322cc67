package io.streamcast.stream;

import io.streamcast.schema.KeyState;
import io.streamcast.serde.AvroSerde;

/**
 * How the key-state store holds its values: {@code KeyState} in the registry wire format, under the subject of
 * the store's changelog topic. The store itself holds bytes, so that the predictor decodes each state into one
 * reused record instead of a new one per event.
 */
public final class KeyStateFormat {

    private final AvroSerde<KeyState> serde;
    private final String changelogTopic;

    KeyStateFormat(AvroSerde<KeyState> serde, String applicationId) {
        this.serde = serde;
        this.changelogTopic = applicationId + "-" + StreamcastTopology.KEY_STATE_STORE + "-changelog";
    }

    /** The stored state, decoded into {@code reuse} when it is not null; null for null. */
    public KeyState decode(byte[] stored, KeyState reuse) {
        return stored == null ? null : serde.deserialize(changelogTopic, stored, reuse);
    }

    public byte[] encode(KeyState state) {
        return serde.serialize(changelogTopic, state);
    }
}
