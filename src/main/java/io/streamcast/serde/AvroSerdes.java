package io.streamcast.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Makes the application's serdes from its configuration: one registry client (so its caches are shared) and the
 * serializer settings, both read from the same Confluent-named settings.
 *
 * <pre>{@code
 * AvroSerdes serdes = AvroSerdes.create(config);           // schema.registry.url = http://... or mock://scope
 * AvroSerde<Event> events = serdes.forValues(Event.class);
 * serdes.forValues(Prediction.class).prepare("predictions");  // at start-up: fail fast if the registry is down
 * }</pre>
 */
public final class AvroSerdes implements AutoCloseable {

    private final SchemaRegistry registry;
    private final SerdeOptions keyOptions;
    private final SerdeOptions valueOptions;

    private AvroSerdes(SchemaRegistry registry, SerdeOptions keyOptions, SerdeOptions valueOptions) {
        this.registry = registry;
        this.keyOptions = keyOptions;
        this.valueOptions = valueOptions;
    }

    /**
     * @throws org.apache.kafka.common.config.ConfigException when the settings are invalid
     */
    public static AvroSerdes create(Map<String, ?> configs) {
        SchemaRegistryConfig config = new SchemaRegistryConfig(configs);
        return new AvroSerdes(SchemaRegistries.create(config), config.serdeOptions(true), config.serdeOptions(false));
    }

    public <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type) {
        return new AvroSerde<>(type, registry, false, valueOptions);
    }

    public <T extends SpecificRecord> AvroSerde<T> forKeys(Class<T> type) {
        return new AvroSerde<>(type, registry, true, keyOptions);
    }

    public SchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
    }
}
