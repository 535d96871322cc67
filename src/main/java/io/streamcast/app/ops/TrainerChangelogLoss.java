package io.streamcast.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * Whether the running check last found changelogs of the trainer's stores deleted, and why, for a gauge and the health
 * reports. Every instance checks the topics and shows it in the gauge, while only the one that runs the trainer's
 * task stops committing: the health reports follow it there alone ({@link HealthCheck#of}), or an orchestrator would
 * restart every instance.
 */
public final class TrainerChangelogLoss {

    private volatile String reason;

    /** Registers the gauge {@code streamcast.trainer.changelog.missing} in {@code registry}. */
    public TrainerChangelogLoss(MeterRegistry registry) {
        Gauge.builder("streamcast.trainer.changelog.missing", this, loss -> loss.reason == null ? 0 : 1)
                .description("1 while changelogs of the trainer's stores are found deleted under this running"
                        + " instance: the trainer's progress is lost, and the instance that runs it commits nothing"
                        + " until it is restarted, else 0")
                .strongReference(true)
                .register(registry);
    }

    /**
     * What the last check that could tell found: the reason while a changelog is missing, empty once they are there.
     * A check that cannot reach the broker gives nothing, so the finding stands through an outage.
     */
    public void found(Optional<String> lost) {
        reason = lost.orElse(null);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
