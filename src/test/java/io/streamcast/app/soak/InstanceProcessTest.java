package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
