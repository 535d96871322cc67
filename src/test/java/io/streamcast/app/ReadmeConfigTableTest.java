package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.stream.StreamcastConfig;
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
}
