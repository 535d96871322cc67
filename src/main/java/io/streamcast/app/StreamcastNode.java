package io.streamcast.app;

import io.streamcast.app.http.ConsoleData;
import io.streamcast.app.http.OpsEndpoints;
import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.app.ops.ActivitySampler;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.app.ops.OpsMeters;
import io.streamcast.stream.StreamcastConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * One Streamcast instance as it is operated: the {@link StreamcastService} with its meters exported for
 * Prometheus and its HTTP endpoints (metrics, health, key and model queries, the web console). {@code run},
 * {@code demo} and the tests start instances this way.
 */
public final class StreamcastNode implements AutoCloseable {

    private final StreamcastService service;
    private final OpsMeters meters;
    private final OpsHttpServer http;
    private final ActivitySampler activity;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StreamcastNode(StreamcastService service, OpsMeters meters, OpsHttpServer http, ActivitySampler activity) {
        this.service = service;
        this.meters = meters;
        this.http = http;
        this.activity = activity;
    }

    /** Listens on {@code http.bind.address}:{@code http.port}, then starts the instance. */
    public static StreamcastNode start(StreamcastConfig config) {
        return start(config, OpsHttpServer.bind(config.getString(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG),
                config.getInt(StreamcastConfig.HTTP_PORT_CONFIG)));
    }

    /**
     * Starts the instance behind an HTTP listener that is already bound, as when {@code application.server} must
     * name a port that was chosen free; the node owns and closes {@code http}.
     */
    public static StreamcastNode start(StreamcastConfig config, OpsHttpServer http) {
        OpsMeters meters = new OpsMeters(config.applicationId(),
                Duration.ofMillis(config.getLong(StreamcastConfig.METRICS_KAFKA_REFRESH_MS_CONFIG)));
        StreamcastService service;
        try {
            service = StreamcastService.start(config, meters.registry());
        } catch (RuntimeException e) {
            meters.close();
            http.close();
            throw e;
        }
        meters.bindStreams(service.streams());
        ActivitySampler activity = new ActivitySampler(service.metrics()::totals, service.recent()::errors,
                Clock.systemUTC());
        activity.start();
        http.serve(new OpsEndpoints(meters, HealthCheck.of(service),
                new KeyStateLookup(service.streams(), applicationServer(config), config.inputSpec(),
                        service.keyStates()),
                service.models(), config.inputSpec(), config.modelChoices(),
                config.getDouble(StreamcastConfig.ANOMALY_THRESHOLD_CONFIG),
                Duration.ofMillis(config.getInt(StreamcastConfig.HTTP_QUERY_TIMEOUT_MS_CONFIG)),
                new ConsoleData(service.recent(), activity, service.trainingHistory())));
        return new StreamcastNode(service, meters, http, activity);
    }

    private static HostInfo applicationServer(StreamcastConfig config) {
        String endpoint = config.streamsProperties().getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "");
        return endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
    }

    public StreamcastService service() {
        return service;
    }

    /** Where the HTTP endpoints listen. */
    public InetSocketAddress httpAddress() {
        return http.address();
    }

    /** The meters exported at {@code /metrics}. */
    public OpsMeters meters() {
        return meters;
    }

    /**
     * Stops the streams first, so that probes see the instance not ready while it shuts down. Only the first call
     * acts, so a shutdown hook and the main thread may both call it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            service.close();
        } finally {
            activity.close();
            http.close();
            meters.close();
        }
    }
}
