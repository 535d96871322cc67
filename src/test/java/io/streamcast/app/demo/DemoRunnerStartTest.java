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

class DemoRunnerStartTest {

    /** A demo that cannot start leaves no state directory behind in the temporary directory. */
    @Test
    void shouldLeaveNoStateDirectoryWhenItsPortIsBusy() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Path> before = stateDirectories();
            DemoRunner runner = new DemoRunner(new DemoOptions(2, 10, 0, 42, "mock://demo-start", busy.getLocalPort()),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            assertThatThrownBy(runner::run).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(":" + busy.getLocalPort());
            assertThat(stateDirectories()).containsExactlyInAnyOrderElementsOf(before);
        }
    }

    private static List<Path> stateDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("streamcast-demo-state-")).toList();
        }
    }
}
