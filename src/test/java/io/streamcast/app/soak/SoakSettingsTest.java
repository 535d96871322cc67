package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the soak does with a setting of the user's that it must own: replaces it, and says so. */
class SoakSettingsTest {

    private static final SoakPlan PLAN = new SoakPlan(2, 20, 0, 10, 2_000, 200, false, 3, 1);
    private static final Path WORK = Path.of("/tmp/soak-work");

    private static SoakSettings of(Map<String, Object> user) {
        return new SoakSettings(user, "streamcast-soak-ab12cd34", "-soak-ab12cd34", PLAN, WORK);
    }

    @Test
    void shouldNameEachReplacedSettingWithTheUsersValueAndTheValueUsed() {
        SoakSettings settings = of(Map.of("bootstrap.servers", "broker:9092", "events.topic", "metrics",
                "training.enabled", "true", "http.port", "8080", "application.id", "streamcast", "state.dir",
                "/var/lib/streamcast", "group.instance.id", "node-1"));

        assertThat(settings.replaced()).containsExactlyInAnyOrder(
                "soak: warning: your application.id=streamcast is replaced by streamcast-soak-ab12cd34: the soak runs"
                        + " on topics and an application id of its own, so that it never reads or writes your"
                        + " stream's",
                "soak: warning: your events.topic=metrics is replaced by events-soak-ab12cd34: the soak runs on"
                        + " topics and an application id of its own, so that it never reads or writes your stream's",
                "soak: warning: your training.enabled=true is replaced by false: the soak trains only with"
                        + " --training",
                "soak: warning: your http.port=8080 is replaced by 0: the soak's instances share this machine, each"
                        + " on a free port of the loopback interface",
                "soak: warning: your state.dir=/var/lib/streamcast is replaced by a directory of its own in"
                        + " /tmp/soak-work: each of the soak's instances has its own",
                "soak: warning: your group.instance.id=node-1 is replaced by streamcast-soak-ab12cd34-<slot>: each of"
                        + " the soak's instances has its own");
        assertThat(settings.settings()).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("events.topic", "events-soak-ab12cd34").containsEntry("training.enabled", false)
                .containsEntry("http.port", 0).containsEntry("application.id", "streamcast-soak-ab12cd34")
                .containsEntry("models.topic", "models-soak-ab12cd34");
    }

    @Test
    void shouldKeepTheTrainingRoundReportsOfItsInstancesOffTheUsersTopic() {
        SoakSettings unset = of(Map.of("bootstrap.servers", "broker:9092"));
        SoakSettings given = of(Map.of("bootstrap.servers", "broker:9092", "training.rounds.topic", "rounds"));

        assertThat(unset.settings()).containsEntry("training.rounds.topic", "training-rounds-soak-ab12cd34");
        assertThat(given.settings()).containsEntry("training.rounds.topic", "training-rounds-soak-ab12cd34");
        assertThat(given.replaced()).containsExactly("soak: warning: your training.rounds.topic=rounds is replaced by"
                + " training-rounds-soak-ab12cd34: the soak runs on topics and an application id of its own, so that"
                + " it never reads or writes your stream's");
    }

    @Test
    void shouldSayThatKillsTakeLongerUnderTheStreamsRebalanceProtocol() {
        assertThat(of(Map.of("bootstrap.servers", "broker:9092", "group.protocol", "Streams")).notes())
                .containsExactly("soak: under group.protocol=streams the broker keeps a killed instance's"
                        + " group.instance.id until its session times out (the group's streams.session.timeout.ms,"
                        + " 45 s by default) and refuses it to the replacement meanwhile, so the run takes longer than"
                        + " under the classic protocol");
        assertThat(of(Map.of("bootstrap.servers", "broker:9092", "group.protocol", "classic")).notes()).isEmpty();
        assertThat(of(Map.of("bootstrap.servers", "broker:9092")).notes()).isEmpty();
    }

    @Test
    void shouldNameNothingWhenTheUserLeftTheSoaksSettingsAloneOrGaveTheValueItUses() {
        assertThat(of(Map.of("bootstrap.servers", "broker:9092", "training.enabled", "false", "http.port", "0",
                "http.bind.address", "127.0.0.1")).replaced()).isEmpty();
    }
}
