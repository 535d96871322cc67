package io.streamcast.stream;

import io.streamcast.predict.Rejection;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler for Streamcast: a record whose processing throws unexpectedly (a bug
 * on a rare input) goes, as it was read from its source topic, to the dead-letter topic with reason
 * {@code processing-error} and the first line of the stack trace and of each cause in it, within the task's
 * transaction, and processing goes on. Otherwise the same record would fail the stream thread again after every
 * restart.
 *
 * <p>Failures that are not the record's fault still stop the instance, so that the record is processed again
 * once they are over: an unreachable schema registry, and Kafka Streams' own errors (a state store that cannot be
 * written). An error outside any record (a punctuation) is logged and processing goes on.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    /**
     * Where this instance's {@link StreamcastMetrics} are passed in the Streams properties, so the handler that Kafka
     * Streams creates counts into them; absent, nothing is counted.
     */
    public static final String METRICS_CONFIG = "streamcast.internal.metrics";
    /**
     * Where this instance's {@link SendLimits} are passed in the Streams properties, so that the handler fits its dead
     * letters to the dead-letter topic's limit too; absent, to the producer's {@code max.request.size} alone.
     */
    public static final String SEND_LIMITS_CONFIG = "streamcast.internal.send.limits";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private String deadLettersTopic;
    private StreamcastMetrics metrics;
    private SendLimits limits;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        // as Kafka Streams reads it: the raw value keeps any spaces around it, which no topic's name has
        deadLettersTopic = topic == null ? null : topic.toString().trim();
        Object given = configs.get(METRICS_CONFIG);
        metrics = given instanceof StreamcastMetrics m ? m : null;
        limits = configs.get(SEND_LIMITS_CONFIG) instanceof SendLimits l ? l : SendLimits.of(properties(configs));
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (failsTheTask(exception)) {
            return Response.fail();
        }
        if (deadLettersTopic == null || (context.sourceRawKey() == null && context.sourceRawValue() == null)) {
            LOG.error("Processing failed in {} of task {}; going on", context.processorNodeId(), context.taskId(),
                    exception);
            return Response.resume();
        }
        LOG.error("Processing a record of {} partition {} offset {} failed in {}; sent to {} as processing-error",
                context.topic(), context.partition(), context.offset(), context.processorNodeId(), deadLettersTopic,
                exception);
        if (metrics != null) {
            metrics.deadLetter(Rejection.PROCESSING_ERROR);
        }
        Headers headers = DeadLetters.headers(context.headers() == null ? new RecordHeaders() : context.headers(),
                Rejection.PROCESSING_ERROR, reason(exception), context.topic(), context.partition(),
                context.offset());
        DeadLetters.Letter letter = DeadLetters.fitted(context.sourceRawKey(), context.sourceRawValue(), headers,
                limits.deadLetters());
        ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(deadLettersTopic, null, context.timestamp(),
                letter.key(), letter.value(), letter.headers());
        return Response.resume(List.of(deadLetter));
    }

    /** {@code configs} as Properties, which take no null value. */
    private static Properties properties(Map<String, ?> configs) {
        Properties settings = new Properties();
        configs.forEach((name, value) -> {
            if (value != null) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    /**
     * Whether {@code exception}, thrown processing a record, fails the task rather than dead-letters the record: then
     * the record is read again from the task's last commit and processed afresh.
     */
    static boolean failsTheTask(Exception exception) {
        return exception instanceof SchemaRegistryUnavailableException || exception instanceof StreamsException;
    }

    /**
     * The most exceptions {@link #reason} walks, one call deeper each: a chain can be thousands long (a wrapper at
     * each level of a nested input), each passed over as quoted, and the header shows a few at most.
     */
    static final int MAX_EXCEPTIONS = 100;

    /**
     * The first line of the stack trace of {@code exception}, of each of its causes and of each exception suppressed
     * in them, as the stack trace names them: a processing error is often a wrapper whose own line says little, and the
     * stuck-key guard suppresses the stored state's failure in the fresh state's. A cause whose message its wrapper's
     * message quotes whole already (a wrapper's message is often its cause's) is passed over, its own causes not. The
     * walk stops once the reason is longer than a dead letter's message header keeps ({@link
     * DeadLetters#MAX_MESSAGE}), or after {@link #MAX_EXCEPTIONS} exceptions.
     */
    static String reason(Throwable exception) {
        StringBuilder reason = new StringBuilder(firstLine(exception));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(exception);
        appendCausesAndSuppressed(exception, reason, seen);
        return reason.toString();
    }

    /**
     * Appends the suppressed exceptions and causes of {@code exception}, each once (a chain may loop), while the reason
     * has room and the walk its count.
     */
    private static void appendCausesAndSuppressed(Throwable exception, StringBuilder reason, Set<Throwable> seen) {
        for (Throwable suppressed : exception.getSuppressed()) {
            if (full(reason, seen)) {
                return;
            }
            if (seen.add(suppressed)) {
                appendUnlessQuoted(reason, "; Suppressed: ", suppressed, exception);
                appendCausesAndSuppressed(suppressed, reason, seen);
            }
        }
        Throwable cause = exception.getCause();
        if (cause != null && !full(reason, seen) && seen.add(cause)) {
            appendUnlessQuoted(reason, "; Caused by: ", cause, exception);
            appendCausesAndSuppressed(cause, reason, seen);
        }
    }

    private static boolean full(StringBuilder reason, Set<Throwable> seen) {
        return reason.length() > DeadLetters.MAX_MESSAGE || seen.size() >= MAX_EXCEPTIONS;
    }

    /**
     * Appends {@code exception}'s first line unless {@code holder}, the exception it is the cause of or suppressed in,
     * quotes it already in its own message: its message, or its first line as {@link Throwable#Throwable(Throwable)}
     * makes the wrapper's message, as a clause of the holder's message (see {@link #clauseOf}).
     */
    private static void appendUnlessQuoted(StringBuilder reason, String label, Throwable exception,
                                           Throwable holder) {
        String quoted = firstLineOf(holder.getMessage());
        String message = firstLineOf(exception.getMessage());
        // an empty message is a clause of every text: it would pass over the exception's class, all its line says
        boolean passedOver = quoted != null && (clauseOf(quoted, firstLine(exception))
                || (message != null && !message.isEmpty() && clauseOf(quoted, message)));
        if (!passedOver) {
            reason.append(label).append(firstLine(exception));
        }
    }

    /**
     * Whether {@code text} holds {@code part} whole as a clause: from its start or after ": " (a wrapper that puts its
     * context before its cause's words), to its end or a space (Avro's " at " and the field's path after them). A short
     * part found anywhere else ("7" in "State of key 7 failed") is a word of the text, not a quote of the cause.
     */
    private static boolean clauseOf(String text, String part) {
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            int end = at + part.length();
            boolean starts = at == 0 || text.startsWith(": ", at - 2);
            boolean ends = end == text.length() || Character.isWhitespace(text.charAt(end));
            if (starts && ends) {
                return true;
            }
        }
        return false;
    }

    private static String firstLineOf(String text) {
        if (text == null) {
            return null;
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** The first line of the exception's stack trace: its class and message. */
    static String firstLine(Throwable exception) {
        return firstLineOf(exception.toString());
    }
}
