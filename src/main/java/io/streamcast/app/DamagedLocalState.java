package io.streamcast.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Removes a task's local state that RocksDB reports damaged, so that the next start rebuilds it from its changelog.
 *
 * <p>Why: Kafka Streams opens the stores of every task it finds in the state directory when it starts (to tell the
 * group how far each is), and a store RocksDB cannot open (a damaged table file, manifest or {@code CURRENT}: a disk
 * fault, a crash of the host) fails that start, again at every restart, until someone deletes the directory by hand.
 * The local stores are copies of their changelog topics, which are what Kafka Streams restores from, so the copy is
 * removed and the instance exits once, as it did; the orchestrator's restart then restores it. Only what RocksDB calls
 * corruption is removed: a full disk or a directory without permissions also fails the start, but removing the state
 * there would only cost a restore and mend nothing.
 */
public final class DamagedLocalState {

    /** Kafka Streams' message for a store it cannot open ends with the store's directory (which may hold spaces). */
    private static final Pattern LOCATION = Pattern.compile("Error opening store \\S+ at location (.+)$");
    /**
     * A task's directory under the application's: {@code <subtopology>_<partition>}. (The global stores, the models,
     * are kept in memory.)
     */
    private static final Pattern TASK = Pattern.compile("\\d+_\\d+");

    private DamagedLocalState() {
    }

    /** Whether RocksDB reported {@code failure}, or one of its causes, as corruption: damage, not a passing want. */
    public static boolean isCorruption(Throwable failure) {
        return corruptionMessage(failure) != null;
    }

    private static String corruptionMessage(Throwable failure) {
        for (Throwable e : Causes.chain(failure)) {
            if (e instanceof RocksDBException rocksDb && rocksDb.getStatus() != null
                    && rocksDb.getStatus().getCode() == Status.Code.Corruption) {
                return rocksDb.getMessage();
            }
        }
        return null;
    }

    /**
     * Removes the task directory of the store {@code failure} found damaged, if it is one.
     *
     * @param stateDir      the {@code state.dir} setting
     * @param applicationId the {@code application.id}, the directory under it that holds the tasks
     * @return what was removed and why, to tell the operator; empty when {@code failure} is no damaged store's (or the
     *         directory is gone already)
     */
    public static Optional<String> remove(Throwable failure, Path stateDir, String applicationId) {
        String corruption = corruptionMessage(failure);
        Path location = null;
        for (Throwable e : Causes.chain(failure)) {
            if (e instanceof ProcessorStateException && e.getMessage() != null) {
                Matcher named = LOCATION.matcher(e.getMessage());
                location = named.find() && location == null ? Path.of(named.group(1)) : location;
            }
        }
        if (corruption == null || location == null) {
            return Optional.empty();
        }
        Path tasks = stateDir.resolve(applicationId);
        Optional<Path> task;
        try {
            // through symbolic links and "..", as the file system reaches them: the directory removed is the one
            // RocksDB read, and one under this application's
            task = taskDirectory(location.toRealPath(), tasks.toRealPath());
        } catch (IOException e) {
            return Optional.empty(); // gone already, or not there to remove
        }
        if (task.isEmpty()) {
            return Optional.empty();
        }
        Path removed = setAside(task.get(), tasks);
        deleteRecursively(removed);
        return Optional.of("the local state " + task.get() + " was damaged (RocksDB: " + corruption.strip()
                + ") and has been removed; the next start rebuilds it from the changelog topics");
    }

    /** The task directory directly under {@code tasks} that holds {@code location}; empty when there is none. */
    static Optional<Path> taskDirectory(Path location, Path tasks) {
        Path root = tasks.toAbsolutePath();
        Path store = location.toAbsolutePath();
        if (!store.startsWith(root) || store.getNameCount() <= root.getNameCount()) {
            return Optional.empty();
        }
        Path task = root.resolve(store.getName(root.getNameCount()));
        return TASK.matcher(task.getFileName().toString()).matches() ? Optional.of(task) : Optional.empty();
    }

    /**
     * Moves the task's directory out of the application's in one step, before anything in it is deleted: a removal
     * cut short (a SIGKILL, a file that cannot be deleted) would otherwise leave the task's checkpoint beside a partly
     * removed store, and Kafka Streams, trusting the checkpoint, would restore only the changelog after it.
     */
    private static Path setAside(Path task, Path tasks) {
        Path aside = tasks.resolveSibling("." + tasks.getFileName() + "-damaged-" + task.getFileName());
        try {
            deleteRecursively(aside); // one set aside earlier whose removal was cut short
            return Files.move(task, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the damaged local state " + task + " aside", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the damaged local state " + directory, e);
        }
    }
}
