package io.streamcast.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.streamcast.config.CostlySettingsCheck;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Lets each of Kafka Streams' warnings about its settings through once per process (logback.xml installs it), and
 * each of Streamcast's own about settings that cost (CostlySettingsCheck). Kafka Streams warns of a setting it
 * ignores, {@code consumer.isolation.level} under exactly-once say, each time it derives a client's settings: for each
 * stream thread's two consumers, the global consumer, a replaced thread, and as Streamcast's checks derive them before
 * the start; Streamcast's checks run before the topic setup and again as the instance is built. The settings do not
 * change while the process runs, so a repeat says nothing new: one line per setting warned of is kept.
 */
public final class OnceEachStreamsWarning extends TurboFilter {

    private static final String STREAMS_CONFIG = StreamsConfig.class.getName();
    private static final String COSTLY_SETTINGS = CostlySettingsCheck.class.getName();

    private final Set<String> written = ConcurrentHashMap.newKeySet();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        // called for every logging call and level check of every logger: the cheapest tests first
        if (level != Level.WARN || format == null
                || !(STREAMS_CONFIG.equals(logger.getName()) || COSTLY_SETTINGS.equals(logger.getName()))) {
            return FilterReply.NEUTRAL;
        }
        return written.add(MessageFormatter.arrayFormat(format, params).getMessage()) ? FilterReply.NEUTRAL
                : FilterReply.DENY;
    }
}
