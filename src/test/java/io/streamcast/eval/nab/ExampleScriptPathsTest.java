package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/nab/thin.py} and {@code inject.py} given a path that holds no input, as a newcomer mistypes one:
 * each says so in one line, exit status 1, and writes nothing. Both ended in a Python traceback.
 */
class ExampleScriptPathsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsPython() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no python3 to run the script");
    }

    @Test
    void shouldSayThinWasGivenNoCorpus() throws IOException, InterruptedException {
        Path missing = dir.resolve("nab");

        Run run = python("examples/nab/thin.py", missing.toString(), dir.resolve("out").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).isEqualTo(missing + " is no NAB-style corpus: thin.py reads its"
                + " data/<category>/<file>.csv and labels/combined_windows.json\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void shouldSayInjectWasGivenNoSeriesDirectory() throws IOException, InterruptedException {
        Path missing = dir.resolve("series");

        Run run = python("examples/nab/inject.py", missing.toString(), dir.resolve("out").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).isEqualTo(missing + " is not a directory: inject.py reads the timestamp,value"
                + " series SERIES_DIR/*.csv\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void shouldSayInjectWasGivenNoNabCorpus() throws IOException, InterruptedException {
        Path series = Files.createDirectories(dir.resolve("series"));
        Path missing = dir.resolve("nab");

        Run run = python("examples/nab/inject.py", series.toString(), dir.resolve("out").toString(), "--nab",
                missing.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).isEqualTo(missing.resolve("labels/combined_windows.json") + " is missing: --nab"
                + " names a NAB corpus (data/ and labels/combined_windows.json)\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private record Run(int status, String output) {
    }

    private static Run python(String script, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Run(process.exitValue(), output);
    }
}
