package io.streamcast.app.http;

import io.streamcast.app.ops.ActivitySampler;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.app.ops.OpsMeters;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.recent.ForecastErrorTotals;
import io.streamcast.recent.RecentActivity;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.stream.TrainingHistory;
import io.streamcast.testing.TestSettings;
import io.streamcast.training.ModelChoices;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The HTTP endpoints and console of an instance whose streams are built but never started: every store query fails
 * as it does during a rebalance or a restore, and nothing needs a broker.
 */
final class UnstartedInstance implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final OpsMeters meters;
    private final KafkaStreams streams;
    private final OpsHttpServer server;

    UnstartedInstance(Path stateDir) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // never started, so never connected; the clients only need an address that resolves
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        StreamcastConfig config = new StreamcastConfig(settings);
        meters = new OpsMeters("unstarted-test", Duration.ofSeconds(10));
        StreamcastMetrics metrics = new StreamcastMetrics(meters.registry());
        StreamcastTopology topology = StreamcastTopology.build(config, metrics);
        streams = new KafkaStreams(topology.topology(), config.streamsProperties());
        ModelCatalog models = new ModelCatalog("default", config.inputSpec(), metrics);
        server = OpsHttpServer.bind("127.0.0.1", 0);
        ConsoleData console = new ConsoleData(new RecentActivity(0, 4, 4, 4),
                new ActivitySampler(() -> null, () -> new ForecastErrorTotals(0, 0, 0), Clock.systemUTC()),
                new TrainingHistory(streams, topology.topics().trainingRounds())::latest);
        server.serve(new OpsEndpoints(meters, HealthCheck.over(streams::state, models::current, () -> null).build(),
                new KeyStateLookup(streams, new HostInfo("127.0.0.1", server.port()), config.inputSpec(),
                        topology.keyStates(), topology.topics().events().name()),
                models, config.inputSpec(), ModelChoices.AS_CONFIGURED, 0.5, Duration.ofSeconds(1), console));
    }

    /** Asks for {@code path}, sent exactly as given: already percent-encoded. */
    HttpResponse<String> get(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code target} as the request line's target exactly as these bytes, unencoded, as curl sends what it is
     * given, on a connection of its own; the whole answer as UTF-8 text.
     */
    String getRaw(byte[] target) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET ".getBytes(StandardCharsets.US_ASCII));
            out.write(target);
            out.write(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        streams.close(Duration.ofSeconds(10));
        meters.close();
    }
}
