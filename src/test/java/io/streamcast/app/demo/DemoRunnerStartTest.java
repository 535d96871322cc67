package io.streamcast.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoRunnerStartTest {

    /**
     * A demo that cannot start leaves no state directory behind; looked for in a directory of the test's own, as demos
     * in the other test JVM make and delete theirs in the shared temporary directory meanwhile.
     */
    @Test
    void shouldLeaveNoStateDirectoryWhenItsPortIsBusy(@TempDir Path stateParent) throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            DemoRunner runner = new DemoRunner(new DemoOptions(2, 10, 0, 42, "mock://demo-start", busy.getLocalPort()),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), stateParent);

            assertThatThrownBy(runner::run).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(":" + busy.getLocalPort());
            assertThat(entries(stateParent)).isEmpty();
        }
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
