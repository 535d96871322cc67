package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TopicLimitsRefreshScheduleTest {

    /** A scheduled task that throws is never run again: the refresh would stop for good at its first failure. */
    @Test
    void shouldRunTheRefreshAgainAfterARunThatThrew() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleWithFixedDelay(TopicLimitsRefresh.surviving(() -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("topic events has no max.message.bytes");
                }
            }), 0, 10, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 3);
            assertThat(runs.get()).isGreaterThanOrEqualTo(3);
        } finally {
            timer.shutdownNow();
        }
    }
}
