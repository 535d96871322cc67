package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.StreamcastService;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.kafka.TrainerPlacement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trainer's task moving between instances on a real broker, each instance closed cleanly (a rolling restart)
 * while a first round runs. Only a process that stops during a round may count against starting the next; each
 * instance starts with a state directory of its own, so what a close records counts only if it reaches the changelog.
 */
@ExtendWith(KafkaClusterExtension.class)
class TrainerCleanCloseIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final int KEYS = 4;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String ROUND_STARTED = "Training round started";
    private static final String NO_ROUND = "Starting no training round";

    /**
     * Rounds that run far longer than the test (a hundredth of a core, and training that never stops early) on enough
     * windows of each key to split them by time, so that no round ends early for too few samples: windows of 24 events
     * every 8 events, a set kept 24 events after the end of a window of the one before it, so six windows apart; of 40
     * windows, 8 judge, 5 stop the training early and 15 train.
     */
    private static Map<String, Object> endlessRounds() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 24);
        settings.put(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 8);
        settings.put(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, 40 * KEYS);
        settings.put(StreamcastConfig.TRAINING_MIN_NEW_SAMPLES_CONFIG, 40 * KEYS);
        settings.put(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, 200L);
        settings.put(StreamcastConfig.TRAINING_MAX_EPOCHS_CONFIG, 1_000_000);
        settings.put(StreamcastConfig.TRAINING_PATIENCE_CONFIG, 1_000_000);
        settings.put(StreamcastConfig.TRAINING_BURN_IN_CONFIG, 4);
        settings.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 8);
        settings.put(StreamcastConfig.TRAINING_THREADS_CONFIG, 1);
        settings.put(StreamcastConfig.TRAINING_CPU_SHARE_CONFIG, 0.01);
        return settings;
    }

    /** The next {@code steps} events of every key: a sine on each key's own scale. */
    private static List<ProducerRecord<byte[], byte[]>> events(StreamcastFixture app, int from, int steps) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int step = from; step < from + steps; step++) {
            for (int k = 0; k < KEYS; k++) {
                records.add(app.event("key-" + k, T0 + step * 60_000L,
                        100.0 * (k + 1) + 20 * (k + 1) * Math.sin(2 * Math.PI * step / 12 + k)));
            }
        }
        return records;
    }

    /** Feeds events, 25 steps of every key at a time, until the trainer has logged a line {@code seen} accepts. */
    private int feedUntilLogged(StreamcastFixture app, LogCapture log, int from, Predicate<String> seen) {
        int[] next = {from};
        await().atMost(WAIT).pollInterval(Duration.ZERO).until(() -> {
            app.produce(app.topics().events().name(), events(app, next[0], 25));
            next[0] += 25;
            app.awaitInputConsumed();
            return log.messages().stream().anyMatch(seen);
        });
        return next[0];
    }

    private static long count(LogCapture log, String start) {
        return log.messages().stream().filter(m -> m.startsWith(start)).count();
    }

    /**
     * Two instances in turn each start a first round and are closed cleanly during it; the third still starts one.
     * Where a clean close's record of the round cut short stayed in the closing instance's own store, never reaching
     * the changelog, the next instance counted both rounds as rounds the process had stopped in, and started no first
     * round again: keys forecast without a model for good.
     */
    @Test
    void shouldStartAFirstRoundAfterTwoInstancesClosedCleanlyDuringTheirs(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, endlessRounds());
             LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            int step = 0;
            for (int life = 1; life <= 2; life++) {
                // counted before the start: the new owner's trainer may begin a round at its first tick
                long before = count(log, ROUND_STARTED);
                StreamcastService instance = app.startInstance();
                step = feedUntilLogged(app, log, step, m -> count(log, ROUND_STARTED) > before);
                instance.close();
            }

            app.startInstance();
            feedUntilLogged(app, log, step, m -> m.startsWith(NO_ROUND) || count(log, ROUND_STARTED) >= 3);

            assertThat(log.messages()).as("every round was cut short").noneMatch(m -> m.startsWith("Candidate not")
                    || m.startsWith("Publishing") || m.startsWith("Training round failed"));
            assertThat(log.messages()).noneMatch(m -> m.startsWith(NO_ROUND));
            assertThat(count(log, ROUND_STARTED)).isEqualTo(3);
        }
    }

    /**
     * Two rebalances in turn move the trainer's task, during a first round, to an instance that has just joined, while
     * the one it leaves runs on; the third owner still starts a first round. Kafka Streams commits a revoked task
     * before it closes the task's processors, so the close's record of the round it cuts short is not in the commit
     * that revokes the task; it reaches the new owner only if the old owner's stream thread commits it before the new
     * owner, given the task in the follow-up rebalance, reads the end of the changelog.
     */
    @Test
    void shouldStartAFirstRoundAfterTwoRebalancesMovedTheTrainerDuringItsRounds(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, endlessRounds());
             LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            int step = 0;
            for (int rank = 0; rank < 2; rank++) {
                long before = count(log, ROUND_STARTED);
                app.startInstance(TrainerPlacement.settings(rank), StreamcastService::start);
                step = feedUntilLogged(app, log, step, m -> count(log, ROUND_STARTED) > before);
            }

            app.startInstance(TrainerPlacement.settings(2), StreamcastService::start);
            feedUntilLogged(app, log, step, m -> m.startsWith(NO_ROUND) || count(log, ROUND_STARTED) >= 3);

            assertThat(log.messages()).as("every round was cut short").noneMatch(m -> m.startsWith("Candidate not")
                    || m.startsWith("Publishing") || m.startsWith("Training round failed"));
            assertThat(log.messages()).noneMatch(m -> m.startsWith(NO_ROUND));
            assertThat(count(log, ROUND_STARTED)).isEqualTo(3);
        }
    }
}
