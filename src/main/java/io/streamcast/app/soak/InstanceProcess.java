package io.streamcast.app.soak;

import io.streamcast.app.Main;
import io.streamcast.app.SettingsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code streamcast run} in a process of its own, started with this JVM's class path and a settings file,
 * its output in a log file next to it.
 */
final class InstanceProcess {

    /** The line {@code run} prints once its endpoints listen. */
    private static final Pattern ENDPOINTS = Pattern.compile(": endpoints at (\\S+)");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private final Process process;
    private final Path log;
    /**
     * {@link System#nanoTime()} when it exited: the soak looks at its instances only between its other steps (not
     * while it restarts the broker, say), so the moment it finds one exited can come long after.
     */
    private final CompletableFuture<Long> exitedNanos;

    private InstanceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        exitedNanos = process.onExit().thenApply(exited -> System.nanoTime());
    }

    /** Writes {@code settings} to {@code directory} and starts {@code run} on them. */
    static InstanceProcess start(Map<String, Object> settings, Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(name + ".properties");
            Properties properties = new Properties();
            settings.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "soak instance " + name);
            }
            Path log = directory.resolve(name + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config",
                    file.toString()));
            withoutSettings(builder.environment());
            Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new InstanceProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start an instance in " + directory, e);
        }
    }

    /**
     * Removes the variables that give settings ({@code STREAMCAST_*}, {@code KAFKA_*}): the soak has written them into
     * each instance's file already, and in the child they would override the file's own state directory, application
     * id and topics (the image sets {@code KAFKA_STATE_DIR}), so that every instance shared one.
     */
    static void withoutSettings(Map<String, String> environment) {
        environment.keySet().removeAll(SettingsLoader.settingVariables(environment));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit status, once it has exited. */
    int exitValue() {
        return process.exitValue();
    }

    /**
     * {@link System#nanoTime()} when it exited, once it has; the moment asked when that was not noted within 10 s,
     * a moment after its exit.
     */
    long exitedNanos() throws InterruptedException {
        try {
            return exitedNanos.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return System.nanoTime();
        }
    }

    Path log() {
        return log;
    }

    /** The last {@code lines} lines of its log, so that a report can say why an instance exited by itself. */
    List<String> logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /**
     * Whether its readiness probe answers 200 (every task restored and processing): false while it is still
     * starting, before its endpoints listen, or when they do not answer within 2 s. A kill of a ready instance
     * strikes it in the middle of processing, where one of a starting instance strikes its start.
     */
    boolean ready() throws InterruptedException {
        return answersReady(log);
    }

    /** Whether the instance logging to {@code log} has said where its endpoints are, and answers ready there. */
    static boolean answersReady(Path log) throws InterruptedException {
        Optional<String> endpoints = endpoints(log);
        if (endpoints.isEmpty()) {
            return false;
        }
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoints.get() + "/health/ready"))
                .timeout(PROBE_TIMEOUT).build();
        try {
            return HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> endpoints(Path log) {
        try {
            Matcher found = ENDPOINTS.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            return found.find() ? Optional.of(found.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL: no shutdown hook, no commit, no flush; waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("An instance killed with SIGKILL did not exit within 60 s: " + log);
        }
    }

    /** SIGTERM, so it closes its streams; SIGKILL if it has not exited within {@code seconds}. */
    void stop(int seconds) throws InterruptedException {
        requestStop();
        awaitStop(seconds);
    }

    /** SIGTERM, so it closes its streams, without waiting for it to exit. */
    void requestStop() {
        process.destroy();
    }

    /** Waits up to {@code seconds} for it to exit after {@link #requestStop}; SIGKILL if it has not by then. */
    void awaitStop(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
