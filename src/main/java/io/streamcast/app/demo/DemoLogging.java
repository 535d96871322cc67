package io.streamcast.app.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a demo's terminal to its own lines: Kafka's broker, clients and Streams log nothing, and Streamcast only
 * warnings and errors, unless the demo is asked to be verbose. A failure that stops the demo is still reported,
 * by the demo itself.
 */
public final class DemoLogging {

    private static final String[] KAFKA = {"org.apache.kafka", "kafka", "state.change.logger"};

    private DemoLogging() {
    }

    public static void quiet() {
        for (String name : KAFKA) {
            setLevel(name, Level.OFF);
        }
        setLevel("io.streamcast", Level.WARN);
    }

    private static void setLevel(String name, Level level) {
        if (LoggerFactory.getLogger(name) instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
