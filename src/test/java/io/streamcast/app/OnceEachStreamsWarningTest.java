package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.FilterReply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.CostlySettingsCheck;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OnceEachStreamsWarningTest {

    private static final String ISOLATION_IGNORED = "Unexpected user-specified consumer config 'isolation.level'"
            + " found. 'processing.guarantee' is set to \"exactly_once_v2\". Hence, user setting (read_uncommitted)"
            + " will be ignored";

    /**
     * A consumer setting that exactly-once overrides is warned of by each derivation of a consumer's settings: the
     * checks that run makes before the topic setup and the instance makes again, each stream thread's consumers and
     * the global consumer; with the filter, once.
     */
    @Test
    void shouldWarnOnceOfAConsumerSettingKafkaStreamsOverrides(@TempDir Path dir) {
        Map<String, Object> settings = TestSettings.base();
        // never started, so never connected; the clients only need an address that resolves
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        settings.put("consumer.isolation.level", "read_uncommitted");
        StreamcastConfig config = new StreamcastConfig(settings);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        OnceEachStreamsWarning filter = new OnceEachStreamsWarning();
        filter.start();
        context.addTurboFilter(filter);
        try (LogCapture log = LogCapture.of(StreamsConfig.class)) {
            config.requireRunnable();
            StreamcastService.build(config, new SimpleMeterRegistry()).close();

            assertThat(log.warnings()).filteredOn(warning -> warning.startsWith(ISOLATION_IGNORED)).hasSize(1);
        } finally {
            context.getTurboFilterList().remove(filter);
        }
    }

    /**
     * Streamcast's own warning of a setting that costs is given by the checks that run makes before the topic setup
     * and again as the instance is built; with the filter, once.
     */
    @Test
    void shouldWarnOnceOfASettingThatCosts(@TempDir Path dir) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "0");
        StreamcastConfig config = new StreamcastConfig(settings);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        OnceEachStreamsWarning filter = new OnceEachStreamsWarning();
        filter.start();
        context.addTurboFilter(filter);
        try (LogCapture log = LogCapture.of(CostlySettingsCheck.class)) {
            config.requireRunnable();
            StreamcastService.build(config, new SimpleMeterRegistry()).close();

            assertThat(log.warnings()).singleElement().asString().startsWith("commit.interval.ms=0: ");
        } finally {
            context.getTurboFilterList().remove(filter);
        }
    }

    @Test
    void shouldLetOtherWarningsAndOtherLoggersThrough() {
        OnceEachStreamsWarning filter = new OnceEachStreamsWarning();
        LoggerContext context = new LoggerContext();
        Logger streams = context.getLogger(StreamsConfig.class);
        Logger other = context.getLogger(StreamcastService.class);
        String format = "Unexpected user-specified {} config '{}' found";

        assertThat(filter.decide(null, streams, Level.WARN, format, new Object[] {"consumer", "a"}, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, streams, Level.WARN, format, new Object[] {"consumer", "b"}, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, streams, Level.WARN, format, new Object[] {"consumer", "a"}, null))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, streams, Level.ERROR, format, new Object[] {"consumer", "a"}, null))
                .isEqualTo(FilterReply.NEUTRAL);
        for (int i = 0; i < 2; i++) {
            assertThat(filter.decide(null, other, Level.WARN, "Stream thread failed", null, null))
                    .isEqualTo(FilterReply.NEUTRAL);
        }
    }

    /** The jar logs as logback.xml says, which must install the filter. */
    @Test
    void shouldBeInstalledByTheLoggingConfiguration() throws JoranException {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(OnceEachStreamsWarningTest.class.getResource("/logback.xml"));

        assertThat(context.getTurboFilterList()).hasAtLeastOneElementOfType(OnceEachStreamsWarning.class);
        context.stop();
    }
}
