package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.util.Map;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class FencedInstanceAdviceTest {

    private static final String REFUSAL = "The broker rejected this static consumer since another consumer with the"
            + " same group.instance.id has registered with a different member.id.";

    private static StreamcastConfig config(Map<String, Object> given) {
        Map<String, Object> settings = TestSettings.base();
        settings.putAll(given);
        return new StreamcastConfig(settings);
    }

    @Test
    void shouldAdviseARestartWhenTheCoordinatorFencedTheInstanceId() {
        assertThat(FencedInstanceAdvice.adviceOn(new FencedInstanceIdException(REFUSAL), config(Map.of())))
                .startsWith(" The group coordinator holds this instance's group.instance.id for another member id")
                .contains("A restart of this instance takes the id back at once");
        assertThat(FencedInstanceAdvice.adviceOn(new FencedInstanceIdException(REFUSAL),
                config(Map.of(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic"))))
                .contains("A restart of this instance takes the id back at once");
    }

    /**
     * Under the streams rebalance protocol a restart is refused while another member holds the id, and a lost
     * hand-over cannot happen: the classic protocol's advice would be wrong.
     */
    @Test
    void shouldGiveNoAdviceUnderTheStreamsRebalanceProtocol() {
        assertThat(FencedInstanceAdvice.adviceOn(new FencedInstanceIdException(REFUSAL),
                config(Map.of(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams")))).isEmpty();
        assertThat(FencedInstanceAdvice.adviceOn(new FencedInstanceIdException(REFUSAL),
                config(Map.of(StreamsConfig.GROUP_PROTOCOL_CONFIG, "Streams ")))).isEmpty();
    }

    @Test
    void shouldSayNothingOfAnyOtherError() {
        assertThat(FencedInstanceAdvice.adviceOn(new UnknownMemberIdException("unknown member"), config(Map.of())))
                .isEmpty();
        assertThat(FencedInstanceAdvice.adviceOn(new IllegalStateException("fenced"), config(Map.of()))).isEmpty();
    }
}
