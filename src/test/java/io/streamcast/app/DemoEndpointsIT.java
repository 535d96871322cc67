package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.demo.DemoOptions;
import io.streamcast.app.demo.DemoRunner;
import io.streamcast.app.demo.DemoSignals;
import io.streamcast.app.demo.DemoSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code demo} prints where its endpoints are and serves them while it runs. */
class DemoEndpointsIT {

    private static final int KEYS = 4;
    private static final Pattern ADDRESS = Pattern.compile("demo: endpoints at (http://127\\.0\\.0\\.1:\\d+) ");

    @Test
    void shouldServeTheEndpointsAtTheAddressItPrints() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        DemoRunner demo = new DemoRunner(new DemoOptions(KEYS, 0, DemoOptions.DEFAULT_RATE, 42,
                "mock://demo-endpoints-it", 0), out);
        CompletableFuture<DemoSummary> running = CompletableFuture.supplyAsync(() -> {
            try {
                return demo.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        try {
            String base = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> address(output), Optional::isPresent).orElseThrow();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(base, "/health/ready").status() == 200);
            // Some key has state as soon as the first events are processed.
            OpsHttp.Answer key = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> anyKnownKey(base), Optional::isPresent).orElseThrow();

            assertThat(key.json().get("key").asText()).startsWith("sensor-00");
            assertThat(key.json().get("event_count").asLong()).isPositive();
            assertThat(get(base, "/keys/no-such-sensor").status()).isEqualTo(404);
            assertThat(get(base, "/model").json().get("name").asText()).isEqualTo("default");
            PrometheusText metrics = PrometheusText.parse(get(base, "/metrics").body());
            assertThat(metrics.value("streamcast_predictions_total", Map.of("application_id", "streamcast-demo")))
                    .isPositive();
        } finally {
            demo.requestStop();
            running.get(60, TimeUnit.SECONDS);
        }
    }

    private static Optional<OpsHttp.Answer> anyKnownKey(String base) {
        for (int k = 0; k < KEYS; k++) {
            OpsHttp.Answer answer = get(base, "/keys/" + DemoSignals.keyName(k));
            if (answer.status() == 200) {
                return Optional.of(answer);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> address(ByteArrayOutputStream output) {
        Matcher matcher = ADDRESS.matcher(output.toString(StandardCharsets.UTF_8));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static OpsHttp.Answer get(String base, String path) {
        return OpsHttp.get(URI.create(base + path), Map.of());
    }
}
