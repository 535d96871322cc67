package io.streamcast.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker in a child JVM ({@code streamcast broker}), so that the heap and memory the bench
 * measures are the measured instance's, not the broker's. The child stops when this closes its standard input,
 * also when this JVM dies.
 */
final class BrokerProcess implements AutoCloseable {

    private static final String PREFIX = "bootstrap.servers=";

    private final Process process;
    private final String bootstrapServers;

    private BrokerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    static BrokerProcess start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.streamcast.app.Main", "broker").redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(PREFIX)) {
                    Thread drain = new Thread(() -> drain(out), "bench-broker-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new BrokerProcess(process, line.substring(PREFIX.length()).trim());
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("The bench's broker stopped before it was ready (exit status "
                    + process.waitFor() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the bench's broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // Keep the pipe from filling up.
            }
        } catch (IOException e) {
            // The broker went away.
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
