package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Error during {@code run}'s topic setup, whose exit runs the SIGTERM hook although nobody asked to stop. */
class RunCommandErrorTest {

    private final List<String> done = new ArrayList<>();

    @Test
    void shouldLeaveTheHookNothingToSayWhenTheTopicSetupFailsWithAnError(@TempDir Path dir) throws IOException {
        // Given run with settings it takes, and an admin client whose every call fails with an Error
        RunCommand run = new RunCommand();
        run.configFile = Files.writeString(dir.resolve("streamcast.properties"),
                "bootstrap.servers=localhost:1\nschema.registry.url=http://localhost:1\nstate.dir=" + dir + "\n");
        run.admins = properties -> failingAdmin();
        StopOnRequest stop = new StopOnRequest(() -> done.add("said it stopped before it started"));

        // When the topic setup fails with it
        assertThatThrownBy(() -> run.start(stop)).isInstanceOf(NoClassDefFoundError.class);
        done.clear();

        // Then the exit's run of the hook neither closes the admin client again nor says that run stopped
        stop.request();
        assertThat(done).isEmpty();
    }

    /** An admin client that records its closes and fails every other call as a class missing at run time would. */
    private Admin failingAdmin() {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        done.add("closed the admin client");
                        return null;
                    }
                    throw new NoClassDefFoundError("org/apache/kafka/clients/admin/ListTopicsResult");
                });
    }
}
