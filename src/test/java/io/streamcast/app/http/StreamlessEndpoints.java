package io.streamcast.app.http;

import io.streamcast.app.ops.ActivitySampler;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.app.ops.OpsMeters;
import io.streamcast.predict.InputSpec;
import io.streamcast.recent.ForecastErrorTotals;
import io.streamcast.recent.RecentActivity;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.training.ModelChoices;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP endpoints of an instance without streams, for tests of the server itself: healthy, no model, no key state,
 * and, when given, a console whose training history {@code training} reads.
 */
final class StreamlessEndpoints {

    static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 1, List.of(), 0.01);

    private StreamlessEndpoints() {
    }

    /**
     * A server on a free loopback port answering with the endpoints.
     *
     * @param training the console's training history; null for no console
     */
    static OpsHttpServer serve(OpsMeters meters, TrainingRounds training) {
        ModelCatalog models = new ModelCatalog("default", SPEC, new StreamcastMetrics(meters.registry()));
        ConsoleData console = training == null ? null : new ConsoleData(new RecentActivity(0, 4, 4, 4),
                new ActivitySampler(() -> null, () -> new ForecastErrorTotals(0, 0, 0), Clock.systemUTC()), training);
        OpsHttpServer server = OpsHttpServer.bind("127.0.0.1", 0);
        HealthCheck health = HealthCheck.over(() -> KafkaStreams.State.RUNNING, models::current, () -> null).build();
        server.serve(new OpsEndpoints(meters, health, new KeyStateLookup(null, null, SPEC, null, "events"), models,
                SPEC, ModelChoices.AS_CONFIGURED, 0.5, Duration.ofSeconds(1), console));
        return server;
    }
}
