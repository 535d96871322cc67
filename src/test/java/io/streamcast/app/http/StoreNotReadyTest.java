package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.ActivitySampler;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.app.ops.OpsMeters;
import io.streamcast.recent.ForecastErrorTotals;
import io.streamcast.recent.RecentActivity;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.stream.StreamcastConfig;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.stream.TrainingHistory;
import io.streamcast.testing.TestSettings;
import io.streamcast.training.ModelChoices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoints over real HTTP in front of streams that have not started: their stores cannot be read, as during a
 * rebalance or a restore, which is worth retrying; the answer says so and when.
 */
class StoreNotReadyTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path stateDir;

    private OpsMeters meters;
    private KafkaStreams streams;
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // never started, so never connected; the clients only need an address that resolves
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        StreamcastConfig config = new StreamcastConfig(settings);
        meters = new OpsMeters("not-ready-test", Duration.ofSeconds(10));
        StreamcastMetrics metrics = new StreamcastMetrics(meters.registry());
        StreamcastTopology topology = StreamcastTopology.build(config, metrics);
        streams = new KafkaStreams(topology.topology(), config.streamsProperties());
        ModelCatalog models = new ModelCatalog("default", config.inputSpec(), metrics);
        server = OpsHttpServer.bind("127.0.0.1", 0);
        ConsoleData console = new ConsoleData(new RecentActivity(0, 4, 4, 4),
                new ActivitySampler(() -> null, () -> new ForecastErrorTotals(0, 0, 0), Clock.systemUTC()),
                new TrainingHistory(streams, topology.topics().trainingRounds()));
        server.serve(new OpsEndpoints(meters, new HealthCheck(streams::state, models::current, () -> null),
                new KeyStateLookup(streams, new HostInfo("127.0.0.1", server.port()), config.inputSpec(),
                        topology.keyStates()),
                models, config.inputSpec(), ModelChoices.AS_CONFIGURED, 0.5, Duration.ofSeconds(1), console));
    }

    @AfterEach
    void stop() {
        server.close();
        streams.close(Duration.ofSeconds(10));
        meters.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerQueriesOfAStoreThatCannotBeReadWith503AndWhenToRetry() throws Exception {
        for (String path : new String[] {"/keys/pump-1", "/console/api/keys/pump-1", "/console/api/keys?prefix=p",
                "/console/api/training"}) {
            HttpResponse<String> answer = get(path);

            assertThat(answer.statusCode()).as(path).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            assertThat(answer.body()).as(path).startsWith("{\"error\":");
            // the wait the README documents
            assertThat(answer.headers().firstValue("Retry-After")).as(path).hasValue("2");
        }
    }

    @Test
    void shouldNotAskProbesToRetry() throws Exception {
        HttpResponse<String> ready = get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Retry-After")).isEmpty();
    }
}
