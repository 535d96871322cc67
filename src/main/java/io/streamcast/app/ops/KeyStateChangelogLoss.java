package io.streamcast.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * Whether the running check last found the key states' changelog deleted under this instance, and why, for the health
 * reports and a gauge. Why: the stream threads' producer then waits for the topic without end, so the instance commits
 * nothing while Kafka Streams reads RUNNING; only a restart mends it.
 */
public final class KeyStateChangelogLoss {

    private volatile String reason;

    /** Registers the gauge {@code streamcast.key.state.changelog.missing} in {@code registry}. */
    public KeyStateChangelogLoss(MeterRegistry registry) {
        Gauge.builder("streamcast.key.state.changelog.missing", this, loss -> loss.reason == null ? 0 : 1)
                .description("1 while the key states' changelog is found deleted under this running instance, which"
                        + " then commits nothing until it is restarted, else 0")
                .strongReference(true)
                .register(registry);
    }

    /**
     * What the last check that could tell found: the reason while the changelog is missing, empty once it is there. A
     * check that cannot reach the broker gives nothing, so the finding stands through an outage.
     */
    public void found(Optional<String> lost) {
        reason = lost.orElse(null);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
