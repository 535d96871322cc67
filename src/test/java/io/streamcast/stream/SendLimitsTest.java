package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A dead letter must fit both the producer's max.request.size and the dead-letter topic's max.message.bytes. */
class SendLimitsTest {

    private static SendLimits withMaxRequestSize(int bytes) {
        Properties streams = new Properties();
        streams.put("producer.max.request.size", bytes);
        return SendLimits.of(streams);
    }

    /** Until start-up has read the topic's limit, or where it cannot, the producer's alone holds, as before. */
    @Test
    void shouldHoldDeadLettersToTheProducersLimitWhileTheTopicsIsUnknown() {
        SendLimits limits = withMaxRequestSize(4_000_000);

        assertThat(limits.deadLetters()).isEqualTo(4_000_000);
        assertThat(limits.maxRequestSize()).isEqualTo(4_000_000);
    }

    /**
     * A raised max.request.size, as the start-up check advises for large key states, beside a dead-letter topic that
     * takes 20,000 bytes: the topic's limit holds for dead letters, the producer's still for every other record.
     */
    @Test
    void shouldHoldDeadLettersToTheDeadLetterTopicsLimitWhenItIsSmaller() {
        SendLimits limits = withMaxRequestSize(4_000_000);

        limits.deadLetterTopicTakes(20_000);

        assertThat(limits.deadLetters()).isEqualTo(20_000);
        assertThat(limits.maxRequestSize()).isEqualTo(4_000_000);
    }

    /**
     * An event's outputs carry its headers: within the producer's limit until start-up has read their topics', then
     * within the smaller of the two, which dead letters do not share.
     */
    @Test
    void shouldHoldOutputsToTheSmallestOutputTopicsLimitOnceRead() {
        SendLimits limits = withMaxRequestSize(4_000_000);
        assertThat(limits.outputs()).isEqualTo(4_000_000);

        limits.outputTopicsTake(40_000);

        assertThat(limits.outputs()).isEqualTo(40_000);
        assertThat(limits.deadLetters()).isEqualTo(4_000_000);
        assertThat(limits.maxRequestSize()).isEqualTo(4_000_000);
    }

    /** A topic of the broker's default (1,048,588 bytes) beside the producer's default (1,048,576 bytes). */
    @Test
    void shouldHoldDeadLettersToTheProducersLimitWhenTheTopicTakesMore() {
        SendLimits limits = SendLimits.of(new Properties());

        limits.deadLetterTopicTakes(1_048_588);

        assertThat(limits.deadLetters()).isEqualTo(1_048_576);
    }
}
