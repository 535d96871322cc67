package io.streamcast.app.cli;

import io.streamcast.app.FileProblems;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a directory that a command writes into only after work of minutes, and writes a file there (deleted again),
 * so that a path that cannot take its output is refused before that work rather than after it.
 */
final class WritableDirectory {

    private WritableDirectory() {
    }

    /**
     * Makes {@code directory} as needed and tries a write in it. Only a write tells whether one will do: root writes
     * past the permission bits, and a read-only location refuses root too.
     *
     * @throws FileSystemException naming {@code directory} as given, with the reason (a file where the directory
     *                             should be among them)
     */
    static void require(Path directory) throws IOException {
        // a file where the directory should be is refused here, as "is a file, where a directory is needed"
        Files.createDirectories(directory);
        probe(directory, directory);
    }

    /**
     * Tries a write in the existing {@code directory}, naming {@code named} when it fails: the path the user gave (the
     * directory, or a file to be written there), not the probe's, which would mean nothing to them.
     */
    static void probe(Path directory, Path named) throws IOException {
        try {
            Files.delete(Files.createTempFile(directory, ".streamcast-", ".tmp"));
        } catch (FileSystemException e) {
            throw new FileSystemException(named.toString(), null, FileProblems.reason(e));
        }
    }
}
