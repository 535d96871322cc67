package io.streamcast.app;

import io.streamcast.stream.StreamcastConfig;
import java.nio.file.Path;
import java.util.Map;

/** The configuration offline evaluations run with: the same settings as the stream, from a file or defaults. */
public final class EvalSettings {

    private EvalSettings() {
    }

    /** Settings from {@code file} (may be null) and the environment; no registry is needed offline. */
    public static StreamcastConfig load(Path file) {
        Map<String, Object> settings = SettingsLoader.load(file, System.getenv());
        settings.putIfAbsent(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://eval");
        return new StreamcastConfig(settings);
    }
}
