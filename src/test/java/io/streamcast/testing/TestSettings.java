package io.streamcast.testing;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import java.nio.file.Path;
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

    /**
     * Settings for an application of its own on {@code bootstrapServers} (its id and topics named with
     * {@code prefix} and a random suffix, its state under {@code dir}), for tests of what {@code run} checks before
     * it needs the schema registry: the registry named is never reached.
     */
    public static Map<String, Object> checkedBeforeTheRegistry(String bootstrapServers, Path dir, String prefix) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("application.id", prefix + "-" + id);
        settings.put("state.dir", dir.resolve("state").toString());
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:1");
        for (String topic : StreamcastConfig.topicSettings()) {
            settings.put(topic, topic.replace(".topic", "").replace('.', '-') + "-" + id);
        }
        return settings;
    }

    /**
     * A small network trained at full speed, a round in well under a second, publishing a candidate that improves on
     * the model in use by {@code margin}: for tests about what rounds publish, not about their pace.
     */
    public static Map<String, Object> quickTraining(double margin) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 24);
        settings.put(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 2);
        settings.put(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, 80);
        settings.put(StreamcastConfig.TRAINING_MIN_NEW_SAMPLES_CONFIG, 80);
        settings.put(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, 200L);
        settings.put(StreamcastConfig.TRAINING_MAX_EPOCHS_CONFIG, 30);
        settings.put(StreamcastConfig.TRAINING_LEARNING_RATE_CONFIG, 0.01);
        settings.put(StreamcastConfig.TRAINING_BURN_IN_CONFIG, 4);
        settings.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 8);
        settings.put(StreamcastConfig.TRAINING_IMPROVEMENT_MARGIN_CONFIG, margin);
        settings.put(StreamcastConfig.TRAINING_THREADS_CONFIG, 1);
        settings.put(StreamcastConfig.TRAINING_CPU_SHARE_CONFIG, 1.0);
        return settings;
    }

    /**
     * {@link #base} with a trainer small enough for a test to run its rounds: windows of 24 rows every 4 events, a
     * round once {@code minWindows} windows arrived and {@code minWindows} new ones since the last, at least 10 s
     * apart, of an 8-unit network for at most 30 epochs on one thread.
     */
    public static Map<String, Object> smallTrainer(int minWindows) {
        Map<String, Object> settings = base();
        settings.putAll(trainer(minWindows, 4, 10_000L));
        return settings;
    }

    /**
     * The trainer settings of {@link #smallTrainer} alone, with a window every {@code sampleEvery} events and rounds
     * at least {@code intervalMs} apart.
     */
    public static Map<String, Object> trainer(int minWindows, int sampleEvery, long intervalMs) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 24);
        settings.put(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, sampleEvery);
        settings.put(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, minWindows);
        settings.put(StreamcastConfig.TRAINING_MIN_NEW_SAMPLES_CONFIG, minWindows);
        settings.put(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, intervalMs);
        settings.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 8);
        settings.put(StreamcastConfig.TRAINING_MAX_EPOCHS_CONFIG, 30);
        settings.put(StreamcastConfig.TRAINING_LEARNING_RATE_CONFIG, 0.01);
        settings.put(StreamcastConfig.TRAINING_BURN_IN_CONFIG, 4);
        settings.put(StreamcastConfig.TRAINING_THREADS_CONFIG, 1);
        return settings;
    }

    /** A freshly initialised model that fits {@code spec}. */
    public static ForecastModel model(String name, long version, InputSpec spec, int hidden, long seed) {
        LstmModel network = LstmModel.initialise(spec.inputSize(), hidden, 1, spec.outputSize(), seed);
        return new ForecastModel(name, version, 1_700_000_000_000L, spec, network, null);
    }
}
