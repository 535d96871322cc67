package io.streamcast.app;

import io.streamcast.app.http.ConsoleData;
import io.streamcast.app.http.OpsEndpoints;
import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.app.ops.ActivitySampler;
import io.streamcast.app.ops.ChangelogLoss;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.app.ops.OpsMeters;
import io.streamcast.config.StreamcastConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Streamcast instance as it is operated: the {@link StreamcastService} with its meters exported for
 * Prometheus and its HTTP endpoints (metrics, health, key and model queries, the web console). {@code run},
 * {@code demo} and the tests start instances this way.
 */
public final class StreamcastNode implements AutoCloseable {

    private final StreamcastConfig config;
    private final StreamcastService service;
    private final OpsMeters meters;
    private final OpsHttpServer http;
    private final ActivitySampler activity;
    private final ChangelogLoss keyStatesLost;
    private final ChangelogLoss trainerLost;
    /** Held while the endpoints begin to serve or stop, so that a close during the start does not miss them. */
    private final Object serving = new Object();
    private static final Logger LOG = LoggerFactory.getLogger(StreamcastNode.class);
    /** What a second close allows the first beyond the close timeout: the HTTP endpoints' and meters' close. */
    private static final Duration SECOND_CLOSE_SLACK = Duration.ofSeconds(5);

    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closeDone = new CountDownLatch(1);

    private StreamcastNode(StreamcastConfig config, StreamcastService service, OpsMeters meters, OpsHttpServer http) {
        this.config = config;
        this.service = service;
        this.meters = meters;
        this.http = http;
        this.activity = new ActivitySampler(service.metrics()::totals, service.recent()::errors, Clock.systemUTC());
        this.keyStatesLost = ChangelogLoss.keyStates(meters.registry());
        this.trainerLost = ChangelogLoss.trainerStores(meters.registry());
    }

    /** Listens on {@code http.bind.address}:{@code http.port}, then starts the instance. */
    public static StreamcastNode start(StreamcastConfig config) {
        return started(build(config));
    }

    /**
     * Starts the instance behind an HTTP listener that is already bound, as when {@code application.server} must
     * name a port that was chosen free; the node owns and closes {@code http}.
     */
    public static StreamcastNode start(StreamcastConfig config, OpsHttpServer http) {
        return started(build(config, http));
    }

    /**
     * Listens on {@code http.bind.address}:{@code http.port} and builds the instance, not yet started: {@code run}
     * holds the node before its start, which may wait (the models' restore waits out a registry outage), so that a
     * SIGTERM meanwhile closes it.
     */
    public static StreamcastNode build(StreamcastConfig config) {
        return build(config, OpsHttpServer.bind(config.getString(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG),
                config.getInt(StreamcastConfig.HTTP_PORT_CONFIG)));
    }

    private static StreamcastNode build(StreamcastConfig config, OpsHttpServer http) {
        OpsMeters meters = null;
        StreamcastService service = null;
        try {
            meters = new OpsMeters(config.applicationId(),
                    Duration.ofMillis(config.getLong(StreamcastConfig.METRICS_KAFKA_REFRESH_MS_CONFIG)));
            service = StreamcastService.build(config, meters.registry());
            return new StreamcastNode(config, service, meters, http);
        } catch (Throwable e) {
            // an Error too (a class that cannot be loaded or initialised): the caller never holds the node to close.
            // What was opened is closed as resources, the service first, those not yet opened (null) passed over: a
            // close that fails is suppressed in e, and the others still close.
            try (OpsHttpServer listening = http; OpsMeters opened = meters; StreamcastService built = service) {
                throw e;
            }
        }
    }

    private static StreamcastNode started(StreamcastNode node) {
        node.start();
        return node;
    }

    /**
     * Serves the endpoints, then starts the instance; returns once the models are restored. The endpoints answer
     * during the start, which waits for as long as the models' restore waits for the schema registry (up to
     * {@code model.registry.wait.ms}): the probes then find the instance live and not ready, rather than no answer
     * (an orchestrator would restart it in a loop), and the health reports and metrics show the wait. A start that
     * fails closes the node; a node closed meanwhile serves nothing.
     *
     * @return true when started; false when the node was closed meanwhile (from another thread, as by a SIGTERM),
     *         whenever during the start that came: the node then serves nothing and has started nothing, and that is
     *         a stop, not a failure
     */
    public boolean start() {
        try {
            synchronized (serving) {
                if (closed.get()) {
                    return false;
                }
                meters.bindStreams(service.streams());
                activity.start();
                http.serve(new OpsEndpoints(meters, HealthCheck.of(service, keyStatesLost, trainerLost),
                        new KeyStateLookup(service.streams(), applicationServer(config), config.inputSpec(),
                                service.keyStates(), config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG)),
                        service.models(), config.inputSpec(), config.modelChoices(),
                        config.getDouble(StreamcastConfig.ANOMALY_THRESHOLD_CONFIG),
                        Duration.ofMillis(config.getInt(StreamcastConfig.HTTP_QUERY_TIMEOUT_MS_CONFIG)),
                        new ConsoleData(service.recent(), activity, service.trainingHistory())));
            }
            return service.start();
        } catch (Throwable e) {
            // an Error too: demo and the tests, which start nodes this way, do not close a node whose start threw
            try {
                close();
            } catch (Throwable closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
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

    /** What {@code run}'s check of the key states' changelog last found, shown by the health reports and a gauge. */
    public ChangelogLoss keyStatesLost() {
        return keyStatesLost;
    }

    /** What {@code run}'s check of the trainer's stores' changelogs last found, shown by a gauge. */
    public ChangelogLoss trainerLost() {
        return trainerLost;
    }

    /** The meters exported at {@code /metrics}. */
    public OpsMeters meters() {
        return meters;
    }

    /**
     * Stops the streams first, so that probes see the instance not ready while it shuts down. Only the first call
     * acts, so a shutdown hook and the main thread may both call it; a later call returns once the first has closed
     * everything (or after the close timeout and a little more), so that a shutdown hook that comes second does not
     * let the JVM halt in the middle of the first close.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitFirstClose();
            return;
        }
        try {
            service.close();
        } finally {
            synchronized (serving) {
                activity.close();
                http.close();
                meters.close();
            }
            closeDone.countDown();
        }
    }

    private void awaitFirstClose() {
        try {
            if (!closeDone.await(service.closeTimeout().plus(SECOND_CLOSE_SLACK).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The first close of this instance had not ended after {} ms", service.closeTimeout()
                        .plus(SECOND_CLOSE_SLACK).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close} was called. */
    public boolean closed() {
        return closed.get();
    }
}
