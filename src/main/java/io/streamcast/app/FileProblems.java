package io.streamcast.app;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Why a file could not be used, in words. The JDK's file exceptions carry only the path as their message
 * ({@code NoSuchFileException: /tmp/x.properties}), so a message built from one names the path twice and no cause.
 */
public final class FileProblems {

    private FileProblems() {
    }

    /** E.g. {@code no such file}, {@code permission denied}, {@code not UTF-8 text}. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            // the file system gives none; one of ours says which of the user's paths was missing
            return missing.getReason() != null ? missing.getReason() : "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException exists) {
            // as when a directory is to be made where a file is (--scores-out naming a file): the class name said it
            // to no one
            return exists.getFile() != null && Files.isRegularFile(Path.of(exists.getFile()))
                    ? "is a file, where a directory is needed" : "already exists";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof FileSystemException fileSystem) {
            // the message would be the path again; the reason, when the system gave one, is the useful part
            return fileSystem.getReason() != null ? fileSystem.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
