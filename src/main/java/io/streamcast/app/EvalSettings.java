package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import java.nio.file.Path;
import java.util.Map;

/** The configuration offline evaluations run with: the same settings as the stream, from a file or defaults. */
public final class EvalSettings {

    private EvalSettings() {
    }

    /** Settings from {@code file} (may be null) and the environment; no registry is needed offline. */
    public static StreamcastConfig load(Path file) {
        return load(file, Map.of());
    }

    /**
     * As {@link #load(Path)}, with {@code overrides} (e.g. from command-line options) over everything else.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a bad setting, or one with which the trainer, when
     *                                                        on, could never train (as run refuses it)
     */
    public static StreamcastConfig load(Path file, Map<String, ?> overrides) {
        return load(file, overrides, 1);
    }

    /**
     * As {@link #load(Path, Map)}, for {@code replays} streams replayed at once, each with its own trainer.
     *
     * @throws org.apache.kafka.common.config.ConfigException also when their training sets would take more than half
     *                                                        the heap
     */
    public static StreamcastConfig load(Path file, Map<String, ?> overrides, int replays) {
        Map<String, Object> settings = SettingsLoader.load(file, System.getenv(), System.err::println);
        settings.putIfAbsent(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://eval");
        settings.putAll(overrides);
        StreamcastConfig config = new StreamcastConfig(settings);
        config.requireEvaluable(replays);
        return config;
    }
}
