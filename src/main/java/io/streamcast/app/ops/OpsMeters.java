package io.streamcast.app.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters one instance exports for Prometheus: Streamcast's own (registered by the service), the JVM's, and
 * those of Kafka Streams and its clients. Every meter carries the application id as a tag, so that one
 * Prometheus can tell several Streamcast applications apart.
 */
public final class OpsMeters implements AutoCloseable {

    /** Exposed to Prometheus as the label {@code application_id}. */
    public static final String APPLICATION_ID_TAG = "application.id";

    private static final Logger LOG = LoggerFactory.getLogger(OpsMeters.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Duration kafkaRefreshInterval;
    private final ScheduledExecutorService kafkaRefresh;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    /**
     * @param kafkaRefreshInterval how often Kafka's metrics are looked up for new ones: partitions and tasks
     *                             assigned after start-up bring theirs
     */
    public OpsMeters(String applicationId, Duration kafkaRefreshInterval) {
        this.kafkaRefreshInterval = kafkaRefreshInterval;
        // Common tags apply only to meters registered after them, so they come first.
        registry.config().commonTags(APPLICATION_ID_TAG, applicationId);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.push(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        kafkaRefresh = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "streamcast-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Exports the metrics of {@code streams}, its stream threads, tasks, stores and clients. */
    public void bindStreams(KafkaStreams streams) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams, Tags.empty(), kafkaRefresh,
                kafkaRefreshInterval);
        metrics.bindTo(registry);
        closeables.push(metrics);
    }

    /** Every meter in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                LOG.warn("Could not release a metrics binder", e);
            }
        }
        kafkaRefresh.shutdownNow();
        registry.close();
    }
}
