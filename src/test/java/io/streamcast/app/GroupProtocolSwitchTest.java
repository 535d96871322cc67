package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What {@code run}'s last words add when the coordinator refused a stream thread for the other group protocol. */
class GroupProtocolSwitchTest {

    private static StreamcastConfig config(String protocol) {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry("localhost:9092", Path.of("/tmp"), "gp");
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol);
        return new StreamcastConfig(settings);
    }

    @Test
    void shouldNameTheSettingWhenAStreamsMemberFindsAClassicGroup() {
        // Kafka's words, as a stream thread under group.protocol=streams got them from a classic group with members
        String advice = GroupProtocolSwitch.adviceOn(
                new GroupIdNotFoundException("Group app is not a streams group."), config("streams"));

        assertThat(advice).isEqualTo(" Consumer group app has members under the other group protocol than"
                + " group.protocol=streams, which Kafka's coordinator takes only once the group is empty: stop the"
                + " instances that run under the other protocol and wait for the sessions of those that stopped"
                + " without leaving the group to time out, or set group.protocol as they have it");
    }

    @Test
    void shouldNameTheSettingWhenAClassicMemberFindsAStreamsGroup() {
        String advice = GroupProtocolSwitch.adviceOn(new InconsistentGroupProtocolException("The group member's"
                + " supported protocols are incompatible with those of existing members or first group member tried"
                + " to join with empty protocol type or empty protocol list."), config("classic"));

        assertThat(advice).startsWith(" Consumer group app has members under the other group protocol than"
                + " group.protocol=classic");
    }

    @Test
    void shouldAddNothingToOtherFailures() {
        assertThat(GroupProtocolSwitch.adviceOn(new GroupIdNotFoundException("Group app does not exist."),
                config("streams"))).isEmpty();
        assertThat(GroupProtocolSwitch.adviceOn(new IllegalStateException("other"), config("classic"))).isEmpty();
    }
}
