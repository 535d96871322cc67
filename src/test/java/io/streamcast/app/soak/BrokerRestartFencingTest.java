package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.FencedInstanceAdvice;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.junit.jupiter.api.Test;

/**
 * A soak instance's exit is taken for the classic coordinator's fencing after a broker restart only when all of it
 * shows: status 1, Kafka's exception and {@code run}'s advice in its log, and the exit during or soon after one of
 * the soak's broker restarts. Each exit below lacks one of them and stays a crash.
 */
class BrokerRestartFencingTest {

    private static final String REFUSAL = "The broker rejected this static consumer since another consumer with the"
            + " same group.instance.id has registered with a different member.id.";
    /** {@code run}'s last words in the soak run that met the race (its log), with the advice it now adds. */
    private static final String LAST_WORDS = "Streamcast stopped: Kafka Streams is in state ERROR after an error:"
            + " org.apache.kafka.streams.errors.StreamsException: org.apache.kafka.common.errors"
            + ".FencedInstanceIdException: " + REFUSAL + "; caused by org.apache.kafka.common.errors"
            + ".FencedInstanceIdException: " + REFUSAL
            + FencedInstanceAdvice.adviceOn(new FencedInstanceIdException(REFUSAL),
            new StreamcastConfig(TestSettings.base()));
    private static final List<String> FENCED_LOG = List.of(
            "21:04:45.710 INFO  [StreamThread-1] io.streamcast.app.StreamcastService - Streams state REBALANCING"
                    + " -> PENDING_ERROR",
            LAST_WORDS,
            "21:04:46.276 INFO  [main] o.apache.kafka.streams.KafkaStreams - stream-client [x] Skipping shutdown"
                    + " since Streams client is already in the terminal ERROR state");

    private static final long START = 1_000_000_000_000L;
    private static final long END = START + seconds(3);

    private static long seconds(long seconds) {
        return TimeUnit.SECONDS.toNanos(seconds);
    }

    private static BrokerRestartFencing afterARestart() {
        BrokerRestartFencing fencing = new BrokerRestartFencing();
        fencing.restarted(START, END);
        return fencing;
    }

    @Test
    void shouldTakeAnExitWithStatusOneAndTheAdviceJustAfterABrokerRestartForFenced() {
        BrokerRestartFencing fencing = afterARestart();

        assertThat(fencing.fencedAfterBrokerRestart(1, FENCED_LOG, END + seconds(2))).as("2 s after").isTrue();
        assertThat(fencing.fencedAfterBrokerRestart(1, FENCED_LOG, START + seconds(1))).as("during it").isTrue();
        assertThat(fencing.fencedAfterBrokerRestart(1, FENCED_LOG, END + seconds(29))).as("29 s after").isTrue();
    }

    @Test
    void shouldTakeAnyOtherExitStatusForACrash() {
        BrokerRestartFencing fencing = afterARestart();

        assertThat(fencing.fencedAfterBrokerRestart(2, FENCED_LOG, END + seconds(2))).as("status 2").isFalse();
        assertThat(fencing.fencedAfterBrokerRestart(137, FENCED_LOG, END + seconds(2))).as("SIGKILL").isFalse();
        assertThat(fencing.fencedAfterBrokerRestart(0, FENCED_LOG, END + seconds(2))).as("status 0").isFalse();
    }

    @Test
    void shouldTakeAnExitWhoseLogLacksKafkasExceptionForACrash() {
        List<String> adviceAlone = List.of("Streamcast stopped: Kafka Streams is in state ERROR after an error:"
                + " org.apache.kafka.streams.errors.StreamsException: something else. The group coordinator holds"
                + " this instance's group.instance.id for another member id. "
                + FencedInstanceAdvice.RESTART_TAKES_THE_ID_BACK);

        assertThat(afterARestart().fencedAfterBrokerRestart(1, adviceAlone, END + seconds(2))).isFalse();
    }

    /** As in the soak's logs before run gave its advice, or of an error that merely mentions the exception. */
    @Test
    void shouldTakeAnExitWhoseLogLacksTheAdviceForACrash() {
        List<String> exceptionAlone = List.of("Streamcast stopped: Kafka Streams is in state ERROR after an error:"
                + " org.apache.kafka.streams.errors.StreamsException: org.apache.kafka.common.errors"
                + ".FencedInstanceIdException: " + REFUSAL);

        assertThat(afterARestart().fencedAfterBrokerRestart(1, exceptionAlone, END + seconds(2))).isFalse();
        assertThat(afterARestart().fencedAfterBrokerRestart(1, List.of(), END + seconds(2))).as("empty log")
                .isFalse();
    }

    @Test
    void shouldTakeAnExitLongAfterABrokerRestartOrBeforeItForACrash() {
        BrokerRestartFencing fencing = afterARestart();

        assertThat(fencing.fencedAfterBrokerRestart(1, FENCED_LOG, END + seconds(31))).as("31 s after").isFalse();
        assertThat(fencing.fencedAfterBrokerRestart(1, FENCED_LOG, START - seconds(1))).as("before").isFalse();
        assertThat(new BrokerRestartFencing().fencedAfterBrokerRestart(1, FENCED_LOG, END + seconds(2)))
                .as("no broker restart").isFalse();
    }

    @Test
    void shouldJudgeAnExitByEachBrokerRestart() {
        BrokerRestartFencing fencing = afterARestart();
        fencing.restarted(END + seconds(100), END + seconds(104));

        assertThat(fencing.fencedAfterBrokerRestart(1, FENCED_LOG, END + seconds(106))).as("after the second")
                .isTrue();
        assertThat(fencing.fencedAfterBrokerRestart(1, FENCED_LOG, END + seconds(60))).as("between them")
                .isFalse();
    }
}
