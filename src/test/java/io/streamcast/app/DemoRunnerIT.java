package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.demo.DemoOptions;
import io.streamcast.app.demo.DemoRunner;
import io.streamcast.app.demo.DemoSummary;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code demo} runs to its end and counts what it did, here through an HTTP schema registry. */
class DemoRunnerIT {

    @Test
    void shouldPredictEveryEventThroughTheRegistryGivenBySchemaRegistryUrl() throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            DemoRunner demo = new DemoRunner(new DemoOptions(5, 3_000, 0, 7, registry.url(), 0),
                    new PrintStream(output, true, StandardCharsets.UTF_8));

            DemoSummary summary = demo.run();

            assertThat(summary.events()).isEqualTo(3_000);
            assertThat(summary.predictions()).isEqualTo(3_000);
            assertThat(summary.line()).startsWith("summary events=3000 predictions=3000 dead_letters=0 ");
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("registry " + registry.url());
            assertThat(registry.requests()).anyMatch(r -> r.contains("/subjects/events-value/versions"))
                    .anyMatch(r -> r.contains("/subjects/predictions-value/versions"));
        }
    }
}
