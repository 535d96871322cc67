package io.streamcast.eval;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files the evaluations read: regular files only. */
public final class RegularFiles {

    private RegularFiles() {
    }

    /**
     * Refuses a named pipe, a device or a socket in place of a file to read: a read of a pipe blocks until something
     * writes to it, and an evaluation hung on one without a word. A file that does not exist is left to the read, which
     * names it so.
     */
    public static void requireRegular(Path file) throws FileSystemException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, where a file is needed");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null,
                    "not a regular file (a named pipe, a device or a socket)");
        }
    }
}
