package io.streamcast.app.demo;

import io.streamcast.schema.Event;
import io.streamcast.stream.Topic;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends the demo's synthetic stream to an events topic at a steady rate: step after step, every key once per
 * step, and now and then an event with a NaN value, which Streamcast sends to its dead-letter topic. Feeds the
 * compose stack, where Streamcast runs against a cluster of its own.
 *
 * <p>The demo's clock runs thousands of times faster than real time, but never ahead of the wall clock: Streamcast
 * would refuse such events as far-future. Once it reaches the present, each step waits for its time.
 */
public final class DemoStreamProducer {

    private final DemoSignals signals;
    private final Topic<String, Event> events;
    private final double eventsPerSecond;
    private final long badEvery;
    private final LongSupplier wallClock;
    private final LongConsumer parkNanos;
    private final AtomicLong goodSent = new AtomicLong();
    private final AtomicLong badSent = new AtomicLong();

    /**
     * @param eventsPerSecond pace of the stream; 0 sends as fast as the producer takes them
     * @param badEvery        one NaN event after every this many good ones; 0 sends none
     */
    public DemoStreamProducer(DemoSignals signals, Topic<String, Event> events, double eventsPerSecond,
                              long badEvery) {
        this(signals, events, eventsPerSecond, badEvery, System::currentTimeMillis, LockSupport::parkNanos);
    }

    /**
     * As above, with the wall clock (epoch milliseconds) that no event time may pass, and the wait for it to move
     * (nanoseconds), so that a test's clock need not be waited for in real time.
     */
    DemoStreamProducer(DemoSignals signals, Topic<String, Event> events, double eventsPerSecond, long badEvery,
                       LongSupplier wallClock, LongConsumer parkNanos) {
        this.signals = signals;
        this.events = events;
        this.eventsPerSecond = eventsPerSecond;
        this.badEvery = badEvery;
        this.wallClock = wallClock;
        this.parkNanos = parkNanos;
    }

    /**
     * Sends from the first step until {@code maxEvents} good events are sent (0: no limit) or {@code stop} says so.
     *
     * @return the counts of good and bad events sent
     */
    public Sent run(Producer<String, Event> producer, long maxEvents, BooleanSupplier stop) {
        return run(producer, 0, maxEvents, stop);
    }

    /** As {@link #run(Producer, long, BooleanSupplier)}, from step {@code firstStep}. */
    public Sent run(Producer<String, Event> producer, long firstStep, long maxEvents, BooleanSupplier stop) {
        long start = System.nanoTime();
        long good = 0;
        long bad = 0;
        for (long step = firstStep; !stop.getAsBoolean(); step++) {
            Instant time = Instant.ofEpochMilli(DemoSignals.time(step));
            awaitWallClock(time.toEpochMilli(), stop);
            for (int k = 0; k < signals.keys(); k++) {
                if ((maxEvents > 0 && good >= maxEvents) || stop.getAsBoolean()) {
                    producer.flush();
                    return new Sent(good, bad);
                }
                pace(start, good + bad);
                String key = DemoSignals.keyName(k);
                producer.send(new ProducerRecord<>(events.name(), key,
                        new Event(time, List.of(signals.value(k, step)))));
                good++;
                goodSent.set(good);
                if (badEvery > 0 && good % badEvery == 0) {
                    producer.send(new ProducerRecord<>(events.name(), key, new Event(time, List.of(Double.NaN))));
                    bad++;
                    badSent.set(bad);
                }
            }
        }
        producer.flush();
        return new Sent(good, bad);
    }

    public Topic<String, Event> events() {
        return events;
    }

    /** Good events sent so far, for another thread to watch. */
    public long goodSent() {
        return goodSent.get();
    }

    /** Bad events sent so far, for another thread to watch. */
    public long badSent() {
        return badSent.get();
    }

    /** Waits, a second at most between looks at {@code stop}, until the wall clock reaches {@code eventTime}. */
    private void awaitWallClock(long eventTime, BooleanSupplier stop) {
        for (long ahead = eventTime - wallClock.getAsLong(); ahead > 0 && !stop.getAsBoolean();
             ahead = eventTime - wallClock.getAsLong()) {
            parkNanos.accept(Math.min(ahead, 1_000) * 1_000_000L);
        }
    }

    /** Waits until the {@code sent}-th event is due. */
    private void pace(long start, long sent) {
        if (eventsPerSecond <= 0) {
            return;
        }
        long due = start + (long) (sent * 1e9 / eventsPerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    public record Sent(long good, long bad) {
    }
}
