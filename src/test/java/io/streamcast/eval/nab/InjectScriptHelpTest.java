package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code examples/nab/inject.py --help} describes the script in whole sentences. */
class InjectScriptHelpTest {

    @Test
    void shouldDescribeTheScriptInWholeSentences() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no python3 to run the script");
        Process process = new ProcessBuilder("/usr/bin/python3", "examples/nab/inject.py", "--help")
                .redirectErrorStream(true).start();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(help).isZero();

        // argparse prints the description between the usage and the arguments, as one paragraph
        String description = help.substring(help.indexOf("\n\n") + 2, help.indexOf("positional arguments"))
                .strip().replaceAll("\\s+", " ");
        assertThat(description).startsWith("Writes a NAB-style corpus from unlabelled timestamp,value series")
                .contains("at known rows, so that a detector can be scored").endsWith(".");
    }
}
