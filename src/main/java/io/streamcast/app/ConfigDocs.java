package io.streamcast.app;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/** Renders a {@link ConfigDef} as the Markdown table in the README, so that the documentation cannot drift. */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    public static String markdown(ConfigDef definition) {
        StringBuilder table = new StringBuilder();
        table.append("| Setting | Type | Default | Valid values | Description |\n");
        table.append("| --- | --- | --- | --- | --- |\n");
        List<ConfigDef.ConfigKey> keys = definition.configKeys().values().stream()
                .sorted((a, b) -> a.name.compareTo(b.name))
                .collect(Collectors.toList());
        for (ConfigDef.ConfigKey key : keys) {
            table.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase()).append(" | ")
                    .append(defaultOf(key)).append(" | ")
                    .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                    .append(escape(key.documentation)).append(" |\n");
        }
        return table.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "(empty)"
                    : "`" + String.join(",", list.stream().map(Object::toString).toList()) + "`";
        }
        return value == null ? "" : "`" + value + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
