package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.OpsMeters;
import io.streamcast.schema.TrainingRoundReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading the training history can wait on the schema registry for minutes while it does not answer (every retry of
 * every URL up to its connect timeout), and each read holds one of the HTTP server's few threads: only one waits at
 * once, so that consoles polling during a registry outage leave threads for the probes.
 */
class TrainingReadsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final CountDownLatch reading = new CountDownLatch(1);
    private final CountDownLatch registryBack = new CountDownLatch(1);
    private OpsMeters meters;
    private OpsHttpServer server;

    /** Rounds read from a registry that answers only once it is back. */
    private List<TrainingRoundReport> slowRegistry(int limit) {
        reading.countDown();
        try {
            registryBack.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of(new TrainingRoundReport("default", Instant.ofEpochMilli(1_700_000_000_000L), 1200L,
                "publish", 40, 3, 0.5, 0.4, 0.6, 0L, 1L, null));
    }

    @BeforeEach
    void start() {
        meters = new OpsMeters("training-reads-test", Duration.ofSeconds(10));
        server = StreamlessEndpoints.serve(meters, this::slowRegistry);
    }

    @AfterEach
    void stop() {
        registryBack.countDown();
        server.close();
        meters.close();
    }

    private CompletableFuture<HttpResponse<String>> ask(String path) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerAtOnceWhileAnotherReadWaitsOnTheRegistry() throws Exception {
        CompletableFuture<HttpResponse<String>> first = ask("/console/api/training");
        assertThat(reading.await(30, TimeUnit.SECONDS)).as("the first read reached the registry").isTrue();

        HttpResponse<String> second = ask("/console/api/training").get(20, TimeUnit.SECONDS);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(second.body()).contains("training history");
        assertThat(ask("/health/live").get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        registryBack.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        HttpResponse<String> after = ask("/console/api/training").get(20, TimeUnit.SECONDS);
        assertThat(after.statusCode()).as("with the waiting read answered").isEqualTo(200);
        assertThat(after.body()).contains("\"published_version\":1");
    }
}
