package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceProcessTest {

    /** As the image and the compose stack set them: in a soak instance they would override its own file. */
    @Test
    void shouldStartInstancesWithoutTheVariablesThatGiveSettings() {
        Map<String, String> environment = new HashMap<>(Map.of("KAFKA_STATE_DIR", "/var/lib/streamcast",
                "KAFKA_APPLICATION_ID", "streamcast", "STREAMCAST_GROUP_INSTANCE_ID", "streamcast-0",
                "PATH", "/usr/bin", "KAFKA_SERVICE_HOST", "10.0.0.7", "JAVA_HOME", "/opt/java"));

        InstanceProcess.withoutSettings(environment);

        assertThat(environment).containsOnlyKeys("PATH", "KAFKA_SERVICE_HOST", "JAVA_HOME");
    }

    /**
     * The soak says whether each kill struck an instance in the middle of processing or one still starting: only an
     * instance whose log names its endpoints and whose readiness probe answers 200 there is ready.
     */
    @Test
    void shouldTakeAnInstanceForReadyOnlyWhenItsReadinessProbeAnswers200(@TempDir Path dir) throws Exception {
        AtomicInteger status = new AtomicInteger(503);
        HttpServer instance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        instance.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        instance.start();
        Path log = dir.resolve("instance-0-0.log");
        try {
            Files.writeString(log, "Streamcast streamcast-soak-1: setting up topics through bootstrap.servers=x\n");
            assertThat(InstanceProcess.answersReady(log)).as("no endpoints yet").isFalse();

            Files.writeString(log, "Streamcast streamcast-soak-1: endpoints at http://127.0.0.1:"
                    + instance.getAddress().getPort() + "\n", StandardOpenOption.APPEND);
            assertThat(InstanceProcess.answersReady(log)).as("restoring: 503").isFalse();

            status.set(200);
            assertThat(InstanceProcess.answersReady(log)).as("processing: 200").isTrue();
        } finally {
            instance.stop(0);
        }
        assertThat(InstanceProcess.answersReady(log)).as("nothing listens").isFalse();
    }
}
