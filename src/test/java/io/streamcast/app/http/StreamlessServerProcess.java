package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.OpsMeters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link StreamlessEndpoints}, with a console whose training history is empty, in a JVM of their own: for tests of
 * what the JDK's server reads once per JVM (its {@code sun.net.httpserver} settings), which in the tests' JVM another
 * test's server may have read first, and of what a server holds in memory, which the tests' JVM shares.
 */
final class StreamlessServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private StreamlessServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server in a new JVM of at most {@code maxHeap} (as -Xmx takes it) and waits for its port. */
    static StreamlessServerProcess start(String maxHeap) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
                StreamlessServerProcess.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (line == null || !line.matches("\\d+")) {
            process.destroyForcibly();
        }
        assertThat(line).as("the server's port").isNotNull().matches("\\d+");
        return new StreamlessServerProcess(process, Integer.parseInt(line));
    }

    int port() {
        return port;
    }

    /** Ends the server's standard input, which stops it; forcibly when it has not stopped within 30 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Prints the port, then serves until standard input ends. */
    public static void main(String[] args) throws IOException {
        OpsMeters meters = new OpsMeters("streamless-process", Duration.ofSeconds(10));
        try (OpsHttpServer server = StreamlessEndpoints.serve(meters, rounds -> List.of())) {
            System.out.println(server.port());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
