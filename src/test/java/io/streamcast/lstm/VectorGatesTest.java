package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API gates that the jar carries for Java 25 give the Java 17 engine's results bit for bit. The classes
 * are packed into a multi-release jar as the build packs them, and a Java 25 JVM runs {@link StepParity} with the
 * incubator module (Vector API path) and without it (fallback); both must hash every output and state exactly as
 * this Java 17 JVM does. Needs a JDK 25 (the build's {@code java25} profile names it); skipped without one.
 */
class VectorGatesTest {

    private static final Path CLASSES = Path.of("target/classes");
    @TempDir
    static Path directory;
    private static Path jar;
    private static Path java25;

    @BeforeAll
    static void packJar() throws IOException {
        String home = System.getProperty("streamcast.jdk25.home");
        assumeTrue(home != null && Files.isExecutable(Path.of(home, "bin", "java")), "no JDK 25 to run the jar on");
        java25 = Path.of(home, "bin", "java");
        assertThat(CLASSES.resolve("META-INF/versions/25/io/streamcast/lstm/VectorGates.class"))
                .as("the build's java25 profile compiles the Vector API gates").exists();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Multi-Release"), "true");
        jar = directory.resolve("classes.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(CLASSES.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static List<String> run(boolean vectorModule, int hidden, int inputs, int layers, int steps)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java25.toString()));
        if (vectorModule) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + "target/test-classes",
                StepParity.class.getName(), Integer.toString(hidden), Integer.toString(inputs),
                Integer.toString(layers), Integer.toString(steps)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream ignored = process.getOutputStream()) {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(out).isZero();
            return out.lines().toList();
        }
    }

    @ParameterizedTest
    @CsvSource({"16, 1, 1", "32, 1, 1", "32, 3, 2", "64, 2, 1", "128, 1, 1", "128, 8, 2", "24, 2, 1"})
    void shouldGiveTheJava17EnginesBitsWithAndWithoutTheVectorModule(int hidden, int inputs, int layers)
            throws IOException, InterruptedException {
        int steps = 500;
        String expected = Long.toHexString(StepParity.hash(hidden, inputs, layers, steps));
        assertThat(LstmModel.engine()).startsWith("Java 17 engine");

        List<String> vector = run(true, hidden, inputs, layers, steps);
        List<String> fallback = run(false, hidden, inputs, layers, steps);

        assertThat(vector.get(0)).startsWith("Vector API gates");
        assertThat(fallback.get(0)).startsWith("Java 17 engine");
        assertThat(vector.get(1)).isEqualTo(expected);
        assertThat(fallback.get(1)).isEqualTo(expected);
    }
}
