package io.streamcast.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.schema.Event;
import io.streamcast.stream.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DemoStreamProducerTest {

    /**
     * The demo's clock runs far faster than real time; an event ahead of the wall clock would be refused as
     * far-future, so a step whose time has not come waits for it.
     */
    @Test
    void shouldSendNoEventAheadOfTheWallClock() {
        // A wall clock that starts at the demo's first step and moves a minute each time it is read.
        AtomicLong now = new AtomicLong(DemoSignals.time(0) - 60_000);
        List<Long> readings = new ArrayList<>();
        MockProducer<String, Event> producer = new MockProducer<>(true, null, new StringSerializer(),
                (topic, event) -> new byte[0]) {
            @Override
            public synchronized Future<RecordMetadata> send(
                    ProducerRecord<String, Event> record) {
                readings.add(now.get());
                return super.send(record);
            }
        };
        DemoStreamProducer stream = new DemoStreamProducer(new DemoSignals(2, 5),
                new Topic<>("events", Serdes.String(), null), 0, 0, () -> now.addAndGet(60_000), nanos -> { });

        stream.run(producer, 6, () -> false);

        List<ProducerRecord<String, Event>> sent = producer.history();
        assertThat(sent).hasSize(6);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i).value().getEventTime().toEpochMilli()).as("event %d", i)
                    .isLessThanOrEqualTo(readings.get(i));
        }
        assertThat(sent.get(5).value().getEventTime().toEpochMilli()).isEqualTo(DemoSignals.time(2));
    }

    @Test
    void shouldGoOnAfterTheStepOfAGivenTime() {
        assertThat(DemoSignals.stepAfter(DemoSignals.time(0) - 1)).isZero();
        assertThat(DemoSignals.stepAfter(DemoSignals.time(0))).isEqualTo(1);
        assertThat(DemoSignals.stepAfter(DemoSignals.time(7) + 1)).isEqualTo(8);
    }
}
