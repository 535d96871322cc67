package io.streamcast.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Gathers settings from a properties file and the environment. Environment variables win over the file:
 * {@code STREAMCAST_MODEL_HIDDEN_SIZE} sets {@code model.hidden.size}, {@code KAFKA_BOOTSTRAP_SERVERS} sets
 * {@code bootstrap.servers} (lower case, underscores become dots).
 */
public final class SettingsLoader {

    static final String STREAMCAST_PREFIX = "STREAMCAST_";
    static final String KAFKA_PREFIX = "KAFKA_";

    private SettingsLoader() {
    }

    public static Map<String, Object> load(Path file, Map<String, String> environment) {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("Cannot read the configuration file " + file + ": " + e.getMessage());
            }
            properties.forEach((k, v) -> settings.put(k.toString(), v.toString().trim()));
        }
        settings.putAll(fromEnvironment(environment));
        return settings;
    }

    static Map<String, Object> fromEnvironment(Map<String, String> environment) {
        Map<String, Object> settings = new HashMap<>();
        environment.forEach((name, value) -> {
            for (String prefix : new String[] {STREAMCAST_PREFIX, KAFKA_PREFIX}) {
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    settings.put(toKey(name.substring(prefix.length())), value);
                }
            }
        });
        return settings;
    }

    private static String toKey(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
