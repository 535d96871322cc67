package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.serde.SchemaRegistryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeConfigTableTest {

    private static final String START = "<!-- config-table:start -->\n";
    private static final String END = "<!-- config-table:end -->";

    @Test
    void readmeShouldShowTheConfigurationTableGeneratedFromTheDefinitions() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README marker %s", START.trim()).isNotNegative();
        assertThat(end).as("README marker %s", END).isGreaterThan(start);

        String documented = readme.substring(start + START.length(), end);

        assertThat(documented)
                .as("README configuration table; regenerate with `java -jar target/streamcast.jar config-docs`")
                .isEqualTo(ConfigDocs.markdown(StreamcastConfig.definition()));
    }

    /**
     * The registry client's settings have no rows of their own, so schema.registry.url's row names each one: it once
     * said that every schema.registry.* setting reached the client, where start-up refuses all but these as unknown.
     */
    @Test
    void registryUrlRowShouldNameEveryRegistryClientSetting() {
        String row = StreamcastConfig.definition().configKeys()
                .get(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG).documentation;
        for (String name : SchemaRegistryConfig.configDef().names()) {
            if (!StreamcastConfig.definition().names().contains(name)) {
                assertThat(row).as("schema.registry.url's description names %s", name).contains(name);
            }
        }
    }
}
