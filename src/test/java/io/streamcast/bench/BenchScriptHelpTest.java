package io.streamcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code bench} script's {@code --help}, which JMH's runner refused with a stack trace. */
class BenchScriptHelpTest {

    @Test
    void shouldPrintTheScriptsUsageWithoutBuildingAnything() throws IOException, InterruptedException {
        Process bench = new ProcessBuilder("bash", Path.of("bench").toAbsolutePath().toString(), "--help")
                .redirectErrorStream(true).start();
        assertThat(bench.waitFor(30, TimeUnit.SECONDS)).as("bench --help ended").isTrue();
        String out = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(bench.exitValue()).as(out).isZero();
        assertThat(out).startsWith("Builds the test classes and runs the JMH benchmarks")
                .contains("./bench StepBenchmark -p hidden=32,128")
                .contains("./bench stream --keys 10000")
                .doesNotContain("Exception").doesNotContain("set -euo");
    }
}
