package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.app.StreamcastNode;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
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
 * An Error while {@code run} builds the instance, once it is built and before the SIGTERM hook's step is its close, or
 * from its start, once the topics are set up on a real broker: its exit runs the hook although nobody asked to stop.
 */
@ExtendWith(KafkaClusterExtension.class)
class RunCommandNodeErrorIT {

    private final List<String> done = Collections.synchronizedList(new ArrayList<>());

    @Test
    void shouldLeaveTheHookNothingToSayWhenTheBuildFailsWithAnError(KafkaCluster kafka, @TempDir Path dir)
            throws IOException {
        // Given run with settings for the broker, whose admin client records its closes, and a build that fails with
        // an Error
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "node");
        RunCommand run = runWith(settings, dir);
        run.admins = properties -> recordingCloses(Admin.create(properties));
        run.nodes = config -> {
            throw new NoClassDefFoundError("io/streamcast/app/http/OpsHttpServer");
        };
        StopOnRequest stop = new StopOnRequest(() -> done.add("said it stopped before it started"));

        // When the topics are set up and the build fails
        assertThatThrownBy(() -> run.start(stop)).isInstanceOf(NoClassDefFoundError.class);
        assertThat(done).containsExactly("closed the admin client");
        done.clear();

        // Then the exit's run of the hook neither closes the admin client again nor says that run stopped
        stop.request();
        assertThat(done).isEmpty();
    }

    @Test
    void shouldCloseTheNodeAndLeaveTheHookNothingToSayWhenTheLimitsRefreshFailsWithAnError(KafkaCluster kafka,
            @TempDir Path dir) throws IOException {
        // Given run whose instance is built for real, with a registry, and whose start of the topics' limits' reads
        // fails with an Error
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Map<String, Object> settings =
                    TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "refresh");
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            settings.put(StreamcastConfig.HTTP_PORT_CONFIG, 0);
            failTheRefreshOnceBuilt(settings, dir);
        }
    }

    @Test
    void shouldCloseTheNodeAndLeaveTheHookNothingToSayWhenTheStartFailsWithAnError(KafkaCluster kafka,
            @TempDir Path dir) throws IOException {
        // Given run whose instance is built for real, with a registry, and whose start of it fails with an Error
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Map<String, Object> settings =
                    TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "start");
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            settings.put(StreamcastConfig.HTTP_PORT_CONFIG, 0);
            failTheStartOnceBuilt(settings, dir);
        }
    }

    private void failTheStartOnceBuilt(Map<String, Object> settings, Path dir) throws IOException {
        RunCommand run = runWith(settings, dir);
        List<StreamcastNode> built = recordBuilt(run);
        run.starts = node -> {
            throw new UnsatisfiedLinkError("no rocksdbjni in java.library.path");
        };
        StopOnRequest stop = new StopOnRequest(() -> done.add("said it stopped before it started"));

        // When the topics are set up, the instance built and its start fails
        try {
            assertThatThrownBy(() -> run.start(stop)).isInstanceOf(UnsatisfiedLinkError.class);

            // Then the instance is closed, and the exit's run of the hook says nothing: not that run stopped on
            // request, which the Error's own report would contradict
            assertThat(built).hasSize(1);
            assertThat(built.get(0).closed()).as("the instance closed").isTrue();
            assertThat(done).isEmpty();
            assertThat(printedToSystemErr(stop::request)).as("what the hook printed")
                    .doesNotContain("stopped on request");
        } finally {
            built.forEach(StreamcastNode::close);
        }
    }

    /** A run reading {@code settings} from a file in {@code dir}. */
    private static RunCommand runWith(Map<String, Object> settings, Path dir) throws IOException {
        RunCommand run = new RunCommand();
        run.configFile = Files.writeString(dir.resolve("streamcast.properties"), settings.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue() + "\n").collect(Collectors.joining()));
        return run;
    }

    /** Has {@code run} build its instance for real; returns the instances it builds, as it builds them. */
    private static List<StreamcastNode> recordBuilt(RunCommand run) {
        List<StreamcastNode> built = new ArrayList<>();
        run.nodes = config -> {
            StreamcastNode node = StreamcastNode.build(config);
            built.add(node);
            return node;
        };
        return built;
    }

    /** What {@code action} prints to {@code System.err}, which is restored after. */
    private static String printedToSystemErr(Runnable action) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    private void failTheRefreshOnceBuilt(Map<String, Object> settings, Path dir) throws IOException {
        RunCommand run = runWith(settings, dir);
        run.admins = properties -> recordingCloses(Admin.create(properties));
        List<StreamcastNode> built = recordBuilt(run);
        run.refreshes = (config, read, node) -> {
            throw new OutOfMemoryError("unable to create native thread");
        };
        StopOnRequest stop = new StopOnRequest(() -> done.add("said it stopped before it started"));

        // When the topics are set up, the instance built and the refresh fails
        try {
            assertThatThrownBy(() -> run.start(stop)).isInstanceOf(OutOfMemoryError.class);

            // Then the instance is closed, and the exit's run of the hook neither closes the admin client again nor
            // says that run stopped
            assertThat(built).hasSize(1);
            assertThat(built.get(0).closed()).as("the instance closed").isTrue();
            assertThat(done).containsExactly("closed the admin client");
            done.clear();
            stop.request();
            assertThat(done).isEmpty();
        } finally {
            built.forEach(StreamcastNode::close);
        }
    }

    /** {@code admin}, recording each close before it passes it on. */
    private Admin recordingCloses(Admin admin) {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        done.add("closed the admin client");
                    }
                    try {
                        return method.invoke(admin, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
