package io.streamcast.app.soak;

import io.streamcast.config.StreamcastConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings of a soak's instances: the user's, with those the soak must own put in their place, and a line for
 * each of the user's that was replaced, naming it with the value used, or that changes how the run goes.
 *
 * <p>Replaced and named rather than refused: {@code --config} is the file {@code run} reads against the cluster,
 * and such a file sets the stream's topics, application id, HTTP port and whether to train. Refusing them would have
 * every user write a second file for the soak; keeping them would be wrong: on the stream's own topics and
 * application id the soak would write into the user's stream and join its consumer group, its instances share one
 * machine and so each needs a free port, and whether they train is {@code --training}'s to say, since the check
 * against an uninterrupted run holds only without training. Named, the user sees what the soak did instead.
 */
final class SoakSettings {

    private static final String OWN_TOPICS = "the soak runs on topics and an application id of its own, so that it"
            + " never reads or writes your stream's";
    private static final String OWN_PORTS = "the soak's instances share this machine, each on a free port of the"
            + " loopback interface";
    private static final String OWN_INSTANCES = "each of the soak's instances has its own";

    private final Map<String, Object> settings;
    private final List<String> replaced = new ArrayList<>();

    /**
     * @param user          the user's settings, as {@code run} reads them
     * @param applicationId the soak's application id
     * @param suffix        what the soak's topics' names end in
     * @param directory     where the instances' state directories go
     */
    SoakSettings(Map<String, Object> user, String applicationId, String suffix, SoakPlan plan, Path directory) {
        Map<String, Object> owned = new LinkedHashMap<>();
        Map<String, String> why = new HashMap<>();
        own(owned, why, StreamsConfig.APPLICATION_ID_CONFIG, applicationId, OWN_TOPICS);
        own(owned, why, StreamcastConfig.EVENTS_TOPIC_CONFIG, "events" + suffix, OWN_TOPICS);
        own(owned, why, StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, "predictions" + suffix, OWN_TOPICS);
        own(owned, why, StreamcastConfig.ANOMALIES_TOPIC_CONFIG, "anomalies" + suffix, OWN_TOPICS);
        own(owned, why, StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, "dead-letters" + suffix, OWN_TOPICS);
        own(owned, why, StreamcastConfig.MODELS_TOPIC_CONFIG, "models" + suffix, OWN_TOPICS);
        own(owned, why, StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, "training-samples" + suffix, OWN_TOPICS);
        own(owned, why, StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG, "training-rounds" + suffix, OWN_TOPICS);
        own(owned, why, StreamcastConfig.TRAINING_ENABLED_CONFIG, plan.training(), "the soak trains only with"
                + " --training");
        own(owned, why, StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1", OWN_PORTS);
        own(owned, why, StreamcastConfig.HTTP_PORT_CONFIG, 0, OWN_PORTS);

        settings = new HashMap<>(user);
        settings.putAll(owned);
        owned.forEach((key, used) -> {
            if (user.containsKey(key) && !String.valueOf(user.get(key)).equals(String.valueOf(used))) {
                replaced.add(line(key, user.get(key), String.valueOf(used), why.get(key)));
            }
        });
        // set for each instance as it is launched (see SoakRun.Instances), so only named here
        replacedPerInstance(user, StreamsConfig.STATE_DIR_CONFIG, "a directory of its own in " + directory);
        replacedPerInstance(user, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, applicationId + "-<slot>");
    }

    private static void own(Map<String, Object> owned, Map<String, String> why, String key, Object value,
                            String reason) {
        owned.put(key, value);
        why.put(key, reason);
    }

    private void replacedPerInstance(Map<String, Object> user, String key, String used) {
        if (user.containsKey(key)) {
            replaced.add(line(key, user.get(key), used, OWN_INSTANCES));
        }
    }

    private static String line(String key, Object given, String used, String reason) {
        return "soak: warning: your " + key + "=" + given + " is replaced by " + used + ": "
                + reason;
    }

    /**
     * A line for each of the user's settings that changes how the run goes. Under Kafka's streams rebalance protocol
     * the broker keeps a static member killed without a close, and its {@code group.instance.id}, until its session
     * times out, where the classic protocol hands the id to the replacement at once: a soak of 3 kills took about
     * 40 s longer, one of 10 about a minute (see the README), which a user could take for instances that hang.
     */
    List<String> notes() {
        if (StreamcastConfig.underStreamsProtocol(settings)) {
            return List.of("soak: under group.protocol=streams the broker keeps a killed instance's group.instance.id"
                    + " until its session times out (the group's streams.session.timeout.ms, 45 s by default) and"
                    + " refuses it to the replacement meanwhile, so the run takes longer than under the classic"
                    + " protocol");
        }
        return List.of();
    }

    /** The instances' settings, before each instance's own state directory and group instance id. */
    Map<String, Object> settings() {
        return settings;
    }

    /** A line for each setting of the user's that the soak replaced, naming it, its value and the value used. */
    List<String> replaced() {
        return List.copyOf(replaced);
    }
}
