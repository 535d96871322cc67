package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A SIGTERM that lands while {@code run}'s command line is read, in a process of its own, before run's code is called:
 * run says that it stopped on request, where the JVM ended with no word when run installed its hook as it was called.
 * The hook, installed that early, says nothing when run ends without beginning.
 */
class SigtermWhileTheCommandLineIsReadIT {

    @Test
    void shouldSayThatRunStoppedOnRequestWhenTheSigtermLandsWhileItsCommandLineIsRead(@TempDir Path dir)
            throws Exception {
        // Given `run` in a process of its own whose arguments are in a named pipe (picocli's @file): the pipe's open
        // for writing returns once run opens it to read its arguments, which it waits for until the pipe is written
        Path pipe = dir.resolve("arguments");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).as("mkfifo exited").isTrue();
        assertThat(mkfifo.exitValue()).as("mkfifo's exit status").isZero();
        Path log = dir.resolve("run.log");
        Process run = start(log, "run", "@" + pipe);
        CompletableFuture<OutputStream> writer = CompletableFuture.supplyAsync(() -> openToWrite(pipe));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> writer.isDone() || !run.isAlive());
            assertThat(run.isAlive()).as("run is reading its command line: %s", Files.readString(log)).isTrue();
            writer.join();

            // When it is asked to exit (SIGTERM)
            run.destroy();

            // Then it exits, with the status of any stop on SIGTERM (128 + 15), saying that it stopped on request
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(run.exitValue()).isEqualTo(143);
            assertThat(Files.readString(log)).contains("Streamcast stopped on request before it started");
        } finally {
            run.destroyForcibly();
            unblock(pipe, writer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--no-such-option"})
    void shouldNotSayThatRunStoppedOnRequestWhenItEndsWithoutBeginning(String option, @TempDir Path dir)
            throws Exception {
        // Given `run` in a process of its own, with its hook installed before its command line is read, asked for its
        // help or given an option it does not have: it begins nothing
        Path log = dir.resolve("run.log");
        Process run = start(log, "run", option);

        // When it exits by itself
        try {
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        } finally {
            run.destroyForcibly();
        }

        // Then its exit, which runs the hook, says nothing of a stop on request
        assertThat(Files.readString(log)).contains("streamcast run").doesNotContain("on request");
    }

    /** {@code streamcast args} in a new JVM with the tests' class path, its output to {@code log}. */
    private static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static OutputStream openToWrite(Path pipe) {
        try {
            return new FileOutputStream(pipe.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the writer's open, should run not have opened the pipe, and closes what it opened. */
    private static void unblock(Path pipe, CompletableFuture<OutputStream> writer) throws IOException {
        // a read-write open of a named pipe does not wait for the other end, and counts as the reader the writer
        // waits for
        try (RandomAccessFile reader = new RandomAccessFile(pipe.toFile(), "rw")) {
            OutputStream opened = writer.exceptionally(e -> null).join();
            if (opened != null) {
                opened.close();
            }
        }
    }
}
