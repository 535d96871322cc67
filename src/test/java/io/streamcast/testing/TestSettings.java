package io.streamcast.testing;

import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.stream.StreamcastConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Settings and fixtures shared by tests. */
public final class TestSettings {

    private TestSettings() {
    }

    /** Minimal settings with a registry scope of their own, so tests never share schema ids by accident. */
    public static Map<String, Object> base() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://test-" + UUID.randomUUID());
        settings.put("application.id", "streamcast-test-" + UUID.randomUUID());
        settings.put("bootstrap.servers", "unused:9092");
        return settings;
    }

    /** A freshly initialised model that fits {@code spec}. */
    public static ForecastModel model(String name, long version, InputSpec spec, int hidden, long seed) {
        LstmModel network = LstmModel.initialise(spec.inputSize(), hidden, 1, spec.outputSize(), seed);
        return new ForecastModel(name, version, 1_700_000_000_000L, spec, network, null);
    }
}
