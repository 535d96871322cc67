package io.streamcast.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines a class's logger writes while this is open, for a test that a warning is, or is not, written. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> type) {
        logger = (Logger) LoggerFactory.getLogger(type);
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures what {@code type}'s logger writes from now until {@link #close}. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type);
    }

    /** The messages written at WARN, formatted with their arguments, in the order written. */
    public List<String> warnings() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The messages written at ERROR, formatted with their arguments, in the order written. */
    public List<String> errors() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Every message written, at any level, formatted with its arguments, in the order written. */
    public List<String> messages() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /**
     * What was thrown with each message that carries it, at any level, as its class and message: a message logged
     * with it is written with its stack trace.
     */
    public List<String> thrown() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getThrowableProxy() != null)
                    .map(e -> e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage())
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
