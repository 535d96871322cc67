package io.streamcast.testing;

import io.streamcast.app.Main;
import java.io.IOException;
import java.nio.file.Path;

/** {@code streamcast run --config settings} in a new JVM with the tests' class path, its output to {@code log}. */
public final class RunProcess {

    private RunProcess() {
    }

    public static Process start(Path settings, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config",
                settings.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
