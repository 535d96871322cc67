package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProblemsTest {

    @TempDir
    Path dir;

    /** A missing file is said so; a missing path that a command names with its reason is said with that. */
    @Test
    void shouldSayAFileIsMissingWithTheReasonGivenForIt() {
        assertThatThrownBy(() -> Files.readString(dir.resolve("absent"))).isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertThat(FileProblems.reason((IOException) e)).isEqualTo("no such file"));
        assertThat(FileProblems.reason(new NoSuchFileException("/data/plots", null,
                "the directory for --plot does not exist"))).isEqualTo("the directory for --plot does not exist");
    }

    /** A directory asked for where a file is (an output option naming a file) is said so, not by a class name. */
    @Test
    void shouldSayAFileStandsWhereADirectoryIsNeeded() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");

        assertThatThrownBy(() -> Files.createDirectories(file)).isInstanceOf(FileAlreadyExistsException.class)
                .satisfies(e -> assertThat(FileProblems.reason((IOException) e))
                        .isEqualTo("is a file, where a directory is needed"));
    }
}
