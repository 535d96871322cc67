package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

class TopicPermissionsTest {

    private static Map<String, List<AclOperation>> needs(Map<String, Object> overrides) {
        Map<String, Object> settings = TestSettings.base();
        settings.putAll(overrides);
        StreamcastConfig config = new StreamcastConfig(settings);
        Map<String, List<AclOperation>> bySetting = new java.util.TreeMap<>();
        TopicPermissions.needs(config).values().forEach(need -> bySetting.put(need.setting(), need.operations()));
        return bySetting;
    }

    @Test
    void shouldAskToReadWhatTheInstanceReadsAndWriteWhatItWrites() {
        assertThat(needs(Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "events.topic", List.of(AclOperation.READ),
                "predictions.topic", List.of(AclOperation.WRITE),
                "anomalies.topic", List.of(AclOperation.WRITE),
                "dead.letters.topic", List.of(AclOperation.WRITE),
                "models.topic", List.of(AclOperation.READ, AclOperation.WRITE),
                "training.rounds.topic", List.of(AclOperation.READ, AclOperation.WRITE),
                "training.samples.topic", List.of(AclOperation.WRITE, AclOperation.READ)));
    }

    /**
     * Credentials under a client prefix log that client in as another user, for whom the admin client cannot speak:
     * the check stands aside.
     */
    @Test
    void shouldTellAClientThatLogsInAsAnotherUser() {
        Map<String, Object> settings = TestSettings.base();
        assertThat(TopicPermissions.clientOfItsOwn(new StreamcastConfig(settings))).isNull();
        settings.put("sasl.jaas.config", "x");
        settings.put("producer.linger.ms", 5);
        assertThat(TopicPermissions.clientOfItsOwn(new StreamcastConfig(settings))).isNull();
        settings.put("producer.sasl.jaas.config", "y");
        assertThat(TopicPermissions.clientOfItsOwn(new StreamcastConfig(settings)))
                .isEqualTo("producer.sasl.jaas.config");
    }

    /** An instance that does not train still sends training windows to the one that does, and reads the models. */
    @Test
    void shouldAskAnInstanceThatDoesNotTrainOnlyToSendWindowsAndReadTheModels() {
        assertThat(needs(Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, false)))
                .containsEntry("models.topic", List.of(AclOperation.READ))
                .containsEntry("training.rounds.topic", List.of(AclOperation.READ))
                .containsEntry("training.samples.topic", List.of(AclOperation.WRITE));
        assertThat(needs(Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, false,
                StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 0))).doesNotContainKey("training.samples.topic");
    }
}
