package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s start-up checks of the application's group (its protocol, its instances' training.enabled) read the
 * group from the coordinator once between them, on a real broker.
 */
@ExtendWith(KafkaClusterExtension.class)
class RunCommandGroupReadIT {

    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    @Test
    void shouldDescribeTheGroupOnceForBothChecks(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        // Given run without training (which the training check reads the group for), whose admin client records the
        // group descriptions it is asked for, and a build that fails once the topics and the group are checked
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "once");
        settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, false);
        RunCommand run = new RunCommand();
        run.configFile = Files.writeString(dir.resolve("streamcast.properties"), settings.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue() + "\n").collect(Collectors.joining()));
        run.admins = properties -> recordingDescriptions(Admin.create(properties));
        run.nodes = config -> {
            throw new IllegalStateException("built after the checks");
        };

        // When run starts, Then both checks have passed on one description of the group (which does not exist yet,
        // so that the classic protocol's describe is followed by the streams protocol's)
        assertThat(run.start(new StopOnRequest(() -> { }))).isEqualTo(1);
        assertThat(asked).containsExactly("describeConsumerGroups", "describeStreamsGroups");
    }

    /** {@code admin}, recording each group description asked of it. */
    private Admin recordingDescriptions(Admin admin) {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> {
                    // a default method's call on to its overload is the client's own, unseen here
                    if (method.getName().startsWith("describe") && method.getName().endsWith("Groups")) {
                        asked.add(method.getName());
                    }
                    try {
                        return method.invoke(admin, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
