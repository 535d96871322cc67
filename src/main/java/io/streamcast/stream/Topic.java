package io.streamcast.stream;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public byte[] serializeKey(K key) {
        return keySerde.serializer().serialize(name, key);
    }

    public byte[] serializeValue(V value) {
        return valueSerde.serializer().serialize(name, value);
    }

    public V deserializeValue(byte[] bytes) {
        return valueSerde.deserializer().deserialize(name, bytes);
    }
}
