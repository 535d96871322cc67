package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupSubtopologyDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance that trains, started while the group is settled with no member that trains: refused where the group
 * stays so, let through where a read again finds the trainer's task placed. Kafka Streams hands the task from one live
 * instance to another in two rebalances, the first of which places it nowhere. And what {@code run}'s last words add
 * when the coordinator refused a stream thread's topology.
 */
class TrainingAgreementTest {

    /**
     * The change of training.enabled or training.samples.topic that kept the committed offsets in
     * TrainingChangeThroughClassicIT, from "start one with the new" on.
     */
    private static final String THROUGH_CLASSIC = " under group.protocol=classic until it is ready (/health/ready"
            + " answers 200), stop it, then start them all with that setting under group.protocol=streams: the group"
            + " turns classic on that instance's join and back to streams, of the new topology, on the next one's, its"
            + " committed offsets kept.";

    @TempDir
    Path dir;

    private StreamcastConfig config() {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry("127.0.0.1:1", dir, "agreement");
        settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, true);
        return new StreamcastConfig(settings);
    }

    private StreamcastConfig streamsConfig() {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry("localhost:9092", dir, "ta");
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        return new StreamcastConfig(settings);
    }

    private static ApplicationGroup group(StreamcastConfig config, GroupState state, String... topics) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (String setting : topics) {
            partitions.add(new TopicPartition(config.getString(setting), 0));
        }
        MemberDescription member = new MemberDescription("member-1", "client-1", "/127.0.0.1",
                new MemberAssignment(partitions));
        return new ApplicationGroup(config.applicationId(), Optional.of(GroupType.CLASSIC), state, List.of(member),
                "stream", List.of());
    }

    /** The events partitions alone: the trainer's task placed nowhere. */
    private static ApplicationGroup withoutTrainer(StreamcastConfig config) {
        return group(config, GroupState.STABLE, StreamcastConfig.EVENTS_TOPIC_CONFIG);
    }

    private static Supplier<Optional<ApplicationGroup>> reads(ApplicationGroup... groups) {
        Iterator<ApplicationGroup> next = List.of(groups).iterator();
        ApplicationGroup last = groups[groups.length - 1];
        return () -> Optional.of(next.hasNext() ? next.next() : last);
    }

    @Test
    void shouldLetATrainerThroughWhereItsTaskIsBeingHandedOver() {
        StreamcastConfig config = config();
        ApplicationGroup handedOver = group(config, GroupState.STABLE, StreamcastConfig.EVENTS_TOPIC_CONFIG,
                StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        Supplier<Optional<ApplicationGroup>> reads = reads(group(config, GroupState.PREPARING_REBALANCE), handedOver);
        AtomicInteger asked = new AtomicInteger();

        assertThatCode(() -> TrainingAgreement.require(withoutTrainer(config), config, () -> {
            asked.incrementAndGet();
            return reads.get();
        })).doesNotThrowAnyException();
        // let through once the trainer is found, without reading on
        assertThat(asked).hasValue(2);
    }

    @Test
    void shouldRefuseATrainerWhereTheGroupStaysWithoutOne() {
        StreamcastConfig config = config();

        assertThatThrownBy(() -> TrainingAgreement.require(withoutTrainer(config), config,
                reads(group(config, GroupState.PREPARING_REBALANCE), withoutTrainer(config))))
                .isInstanceOf(ClusterMismatch.class)
                .hasMessageStartingWith("The instances in consumer group " + config.applicationId()
                        + " (application.id) process events but none trains");
    }

    @Test
    void shouldLetATrainerThroughWhereTheGroupIsBetweenTwoAssignmentsAtTheLastRead() {
        StreamcastConfig config = config();

        assertThatCode(() -> TrainingAgreement.require(withoutTrainer(config), config,
                reads(group(config, GroupState.PREPARING_REBALANCE)))).doesNotThrowAnyException();
    }

    @Test
    void shouldLetATrainerThroughWhereTheGroupCannotBeReadAgain() {
        StreamcastConfig config = config();

        assertThatCode(() -> TrainingAgreement.require(withoutTrainer(config), config, Optional::empty))
                .doesNotThrowAnyException();
    }

    /**
     * The group's trainer reads another samples topic than this instance's: its members read this one's events topic
     * and one topic more. Refused at once, naming training.samples.topic and the group's topic; training.enabled is
     * the same on both sides, so advice to change it would be wrong.
     */
    @Test
    void shouldNameTheSamplesTopicWhereTheGroupsTrainerReadsAnother() {
        StreamcastConfig config = named(false);
        ApplicationGroup group = groupReading(config, "events", "samples-of-the-group");
        AtomicInteger asked = new AtomicInteger();

        assertThatThrownBy(() -> TrainingAgreement.require(group, config, () -> {
            asked.incrementAndGet();
            return Optional.of(group);
        })).isInstanceOf(ClusterMismatch.class)
                .hasMessageStartingWith("An instance in consumer group app (application.id) trains reading topic"
                        + " samples-of-the-group (the group reads it besides topic events, events.topic), but"
                        + " training.samples.topic=samples-here here: ")
                .hasMessageContaining("Give every instance the same training.samples.topic: stop them all")
                .hasMessageNotContaining("training.enabled");
        assertThat(asked).as("reads of the group again").hasValue(0);
    }

    /**
     * As above, under the streams protocol: the group's topology has a trainer, of another samples topic. The first
     * mend offered keeps the committed offsets (one classic run between, TrainingChangeThroughClassicIT).
     */
    @Test
    void shouldNameTheSamplesTopicWhereTheStreamsGroupsTrainerReadsAnother() {
        StreamcastConfig config = named(true);
        ApplicationGroup group = new ApplicationGroup("app", Optional.of(GroupType.STREAMS), GroupState.STABLE,
                List.of(), "", List.of(subtopology("0", "events"), subtopology("1", "samples-of-the-group")));

        assertThatThrownBy(() -> TrainingAgreement.require(group, config, Optional::empty))
                .isInstanceOf(ClusterMismatch.class)
                .hasMessageStartingWith("Consumer group app (application.id) is a streams group whose trainer reads"
                        + " topic samples-of-the-group (its topology reads it besides topic events, events.topic),"
                        + " but training.samples.topic=samples-here here: ")
                .hasMessageEndingWith("Give every instance the group's training.samples.topic=samples-of-the-group;"
                        + " to change it, stop every instance, start one with the new training.samples.topic"
                        + THROUGH_CLASSIC + " Or stop every instance and delete the group (kafka-streams-groups.sh"
                        + " --bootstrap-server BROKERS --delete --group app), which deletes its committed offsets"
                        + " too: the instances then read the events from where auto.offset.reset says (earliest by"
                        + " default: from their start again)")
                .hasMessageNotContaining("training.enabled");
    }

    /**
     * The group reads another events topic, or two topics besides this instance's: which is the trainer's cannot be
     * told, and the refusal says what this instance reads, as before.
     */
    @Test
    void shouldKeepTheRefusalWhereTheGroupsSamplesTopicCannotBeTold() {
        StreamcastConfig config = named(true);
        for (List<String> sources : List.of(List.of("other-events", "samples-of-the-group"),
                List.of("events", "other-events", "samples-of-the-group"))) {
            List<StreamsGroupSubtopologyDescription> topology = new ArrayList<>();
            for (String source : sources) {
                topology.add(subtopology(String.valueOf(topology.size()), source));
            }
            ApplicationGroup group = new ApplicationGroup("app", Optional.of(GroupType.STREAMS), GroupState.STABLE,
                    List.of(), "", topology);

            assertThatThrownBy(() -> TrainingAgreement.require(group, config, Optional::empty))
                    .as("a topology reading %s", sources)
                    .isInstanceOf(ClusterMismatch.class)
                    .hasMessageStartingWith("Consumer group app (application.id) is a streams group whose topology"
                            + " has no trainer (no sub-topology reads topic samples-here, training.samples.topic), but"
                            + " training.enabled=true here: ");
        }
    }

    /** A group whose members read this instance's events and samples topics lets it through at once. */
    @Test
    void shouldLetATrainerThroughWhereTheGroupReadsItsTopics() {
        StreamcastConfig config = named(false);

        assertThatCode(() -> TrainingAgreement.require(groupReading(config, "events", "samples-here"), config,
                Optional::empty)).doesNotThrowAnyException();
    }

    /** An instance that trains, of application app, reading topics events and samples-here. */
    private StreamcastConfig named(boolean streamsProtocol) {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry("127.0.0.1:1", dir, "named");
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        settings.put(StreamcastConfig.EVENTS_TOPIC_CONFIG, "events");
        settings.put(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, "samples-here");
        settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, true);
        settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, streamsProtocol ? "streams" : "classic");
        return new StreamcastConfig(settings);
    }

    private static ApplicationGroup groupReading(StreamcastConfig config, String... topics) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (String topic : topics) {
            partitions.add(new TopicPartition(topic, 0));
        }
        MemberDescription member = new MemberDescription("member-1", "client-1", "/127.0.0.1",
                new MemberAssignment(partitions));
        return new ApplicationGroup(config.applicationId(), Optional.of(GroupType.CLASSIC), GroupState.STABLE,
                List.of(member), "stream", List.of());
    }

    private static StreamsGroupSubtopologyDescription subtopology(String id, String source) {
        return new StreamsGroupSubtopologyDescription(id, List.of(source), List.of(), Map.of(), Map.of());
    }

    @Test
    void shouldNameTheSettingWhenTheCoordinatorRefusedTheTopology() {
        // Kafka's words, as a stream thread got them from a streams group of the other training.enabled
        String advice = TrainingAgreement.adviceOn(
                new InvalidRequestException("Topology updates are not supported yet."), streamsConfig());

        assertThat(advice).isEqualTo(" Consumer group app (application.id) has another topology than this"
                + " instance's: instances with another training.enabled or training.samples.topic (or of another"
                + " version of Streamcast) gave it theirs, which Kafka's coordinator keeps for as long as the group"
                + " exists. Give every instance the same training.enabled and training.samples.topic; to change"
                + " either, stop every instance, start one with the new setting" + THROUGH_CLASSIC + " Or stop every"
                + " instance and delete the group (kafka-streams-groups.sh --bootstrap-server BROKERS --delete --group"
                + " app), which deletes its committed offsets too: the instances then read the events from where"
                + " auto.offset.reset says (earliest by default: from their start again)");
    }

    /**
     * A streams group of the other training.enabled: the first mend offered keeps the committed offsets (one classic
     * run between, TrainingChangeThroughClassicIT), deleting the group, which loses them, the alternative.
     */
    @Test
    void shouldOfferTheChangeThatKeepsTheOffsetsFirstInAStreamsGroupOfTheOtherSetting() {
        StreamcastConfig config = named(true);
        ApplicationGroup group = new ApplicationGroup("app", Optional.of(GroupType.STREAMS), GroupState.EMPTY,
                List.of(), "", List.of(subtopology("0", "events")));

        assertThatThrownBy(() -> TrainingAgreement.require(group, config, Optional::empty))
                .isInstanceOf(ClusterMismatch.class)
                .hasMessageEndingWith("Give every instance the group's training.enabled=false; to change it, stop"
                        + " every instance, start one with the new training.enabled" + THROUGH_CLASSIC
                        + " Or stop every instance and delete the group (kafka-streams-groups.sh --bootstrap-server"
                        + " BROKERS --delete --group app), which deletes its committed offsets too: the instances then"
                        + " read the events from where auto.offset.reset says (earliest by default: from their start"
                        + " again)");
    }

    @Test
    void shouldAddNothingToOtherFailures() {
        assertThat(TrainingAgreement.adviceOn(new InvalidRequestException("other"), streamsConfig())).isEmpty();
        assertThat(TrainingAgreement.adviceOn(new IllegalStateException("Topology updates are not supported yet."),
                streamsConfig())).isEmpty();
    }
}
