package io.streamcast.app;

import io.streamcast.stream.DeadLetters;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.SendLimits;
import io.streamcast.stream.StreamcastConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the dead-letter topic's and the output topics' {@code max.message.bytes} again while {@code run} runs, every
 * {@code max.message.bytes.refresh.interval.ms}, and sets them in {@link SendLimits}: read at start-up alone, a limit
 * an operator lowered meanwhile refused the first dead letter or output fitted to the old one, which stopped the
 * instance at that record until a restart read the new limit. A read that fails keeps the limits last read, said in
 * one warning until a read succeeds again.
 */
public final class TopicLimitsRefresh implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicLimitsRefresh.class);
    /** How long a close waits for a read under way to end, once interrupted. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Admin admin;
    private final SendLimits limits;
    private final String deadLetters;
    private final List<String> outputs;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The limits in force, as last read; only the timer's thread touches these after the start. */
    private OptionalLong deadLettersLimit;
    private OptionalLong outputsLimit;
    private boolean failing;

    TopicLimitsRefresh(Admin admin, StreamcastConfig config, SendLimits limits,
                       MessageSizeCheck.TopicLimits read) {
        this.admin = admin;
        this.limits = limits;
        this.deadLetters = config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG);
        this.outputs = RecordSizeCheck.outputTopics(config);
        this.deadLettersLimit = read.deadLetters();
        this.outputsLimit = read.outputs();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "streamcast-max-message-bytes");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads the limits again every {@code max.message.bytes.refresh.interval.ms} from now, with an admin client of
     * its own, until closed.
     *
     * @param read the limits read at start-up, already set in {@code limits}
     */
    public static TopicLimitsRefresh start(StreamcastConfig config, SendLimits limits,
                                           MessageSizeCheck.TopicLimits read) {
        TopicLimitsRefresh refresh = new TopicLimitsRefresh(Admin.create(config.streamsProperties()), config, limits,
                read);
        long interval = config.getLong(StreamcastConfig.MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG);
        refresh.timer.scheduleWithFixedDelay(refresh::refresh, interval, interval, TimeUnit.MILLISECONDS);
        return refresh;
    }

    /** Reads the limits once and sets those that changed. */
    void refresh() {
        Map<String, Long> read;
        try {
            read = read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Cannot read the max.message.bytes of topics {} again ({}); the limits last read hold until"
                        + " a read succeeds", topics(), (e instanceof ExecutionException ? e.getCause() : e)
                        .getMessage());
            }
            return;
        }
        if (failing) {
            failing = false;
            LOG.info("Read the max.message.bytes of topics {} again", topics());
        }
        long deadLettersNow = read.get(deadLetters);
        if (deadLettersLimit.isEmpty() || deadLettersLimit.getAsLong() != deadLettersNow) {
            limits.deadLetterTopicTakes(deadLettersNow);
            LOG.info("Dead letters are now fitted to {} bytes, the max.message.bytes of topic {} (was {})",
                    deadLettersNow, deadLetters, was(deadLettersLimit));
            deadLettersLimit = OptionalLong.of(deadLettersNow);
            long irreducible = DeadLetters.largestIrreducible();
            if (deadLettersNow < irreducible) {
                // start-up refuses such a topic; while running, only the operator can raise it again
                LOG.error("Topic {} now takes records of up to {} bytes (max.message.bytes), less than the {} a dead"
                        + " letter can need with nothing left but Streamcast's own headers: such a dead letter would"
                        + " be refused, which stops the instance; raise that limit", deadLetters, deadLettersNow,
                        irreducible);
            }
        }
        long outputsNow = outputs.stream().mapToLong(read::get).min().orElseThrow();
        if (outputsLimit.isEmpty() || outputsLimit.getAsLong() != outputsNow) {
            limits.outputTopicsTake(outputsNow);
            LOG.info("Outputs carry their event's headers within {} bytes, the smallest max.message.bytes of topics {}"
                    + " (was {})", outputsNow, outputs, was(outputsLimit));
            outputsLimit = OptionalLong.of(outputsNow);
        }
    }

    /** Each topic's {@code max.message.bytes}; throws where any cannot be read. */
    private Map<String, Long> read() throws InterruptedException, ExecutionException {
        List<ConfigResource> resources = topics().stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<ConfigResource, Config> described = admin.describeConfigs(resources).all().get();
        Map<String, Long> read = new HashMap<>();
        for (ConfigResource resource : resources) {
            ConfigEntry entry = described.get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry == null || entry.value() == null) {
                throw new IllegalStateException("topic " + resource.name() + " has no max.message.bytes");
            }
            read.put(resource.name(), Long.parseLong(entry.value()));
        }
        return read;
    }

    private List<String> topics() {
        List<String> topics = new ArrayList<>(outputs);
        topics.add(0, deadLetters);
        return topics;
    }

    private static String was(OptionalLong limit) {
        return limit.isPresent() ? limit.getAsLong() + " bytes" : "not read";
    }

    /** Stops the reads, ending one under way, and closes the admin client; only the first call acts. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        admin.close(Duration.ZERO);
        try {
            if (!timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The read of the topics' max.message.bytes had not ended {} ms after the close",
                        CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
