package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class DamagedLocalStateTest {

    @TempDir
    Path stateDir;

    private Path store(String task) throws IOException {
        Path store = stateDir.resolve("app").resolve(task).resolve("rocksdb").resolve("key-state");
        Files.createDirectories(store);
        Files.writeString(store.resolve("CURRENT"), "garbage\n");
        return store;
    }

    /** As Kafka Streams reports a store that RocksDB cannot open. */
    private static ProcessorStateException openingFailed(Path store, Status.Code code, String reason) {
        return new ProcessorStateException("Error opening store key-state at location " + store,
                new RocksDBException(reason, new Status(code, Status.SubCode.None, reason)));
    }

    @Test
    void shouldRemoveTheTaskDirectoryOfAStoreRocksDbFoundCorruptAndNoOther() throws IOException {
        Path damaged = store("0_2");
        Path sound = store("0_1");

        var removed = DamagedLocalState.remove(new IllegalStateException("start failed",
                openingFailed(damaged, Status.Code.Corruption, "Corruption: CURRENT file corrupted")), stateDir, "app");

        assertThat(removed).hasValueSatisfying(message -> assertThat(message)
                .contains(stateDir.resolve("app").resolve("0_2").toString(), "CURRENT file corrupted",
                        "rebuilds it from the changelog"));
        assertThat(stateDir.resolve("app").resolve("0_2")).doesNotExist();
        assertThat(sound.resolve("CURRENT")).exists();
    }

    /** A full disk fails the start too, but removing the state would mend nothing and cost a restore. */
    @Test
    void shouldKeepTheStateOfAStoreThatFailedForAnotherReason() throws IOException {
        Path store = store("0_2");

        var removed = DamagedLocalState.remove(openingFailed(store, Status.Code.IOError,
                "IO error: No space left on device"), stateDir, "app");

        assertThat(removed).isEmpty();
        assertThat(store.resolve("CURRENT")).exists();
    }

    @Test
    void shouldRemoveNothingOutsideTheApplicationsTasks() throws IOException {
        Path otherApplication = stateDir.resolve("other").resolve("0_2").resolve("rocksdb").resolve("key-state");
        Files.createDirectories(otherApplication);
        Path notATask = store("kafka-streams-process-metadata");

        assertThat(DamagedLocalState.remove(openingFailed(otherApplication, Status.Code.Corruption, "Corruption: x"),
                stateDir, "app")).isEmpty();
        assertThat(DamagedLocalState.remove(openingFailed(notATask, Status.Code.Corruption, "Corruption: x"),
                stateDir, "app")).isEmpty();
        assertThat(otherApplication).exists();
        assertThat(notATask).exists();
    }

    /** A removal cut short earlier left its directory set aside; it goes too, and nothing is left beside the tasks. */
    @Test
    void shouldLeaveNothingSetAsideBesideTheApplicationsDirectory() throws IOException {
        Path damaged = store("0_2");
        Path cutShort = stateDir.resolve(".app-damaged-0_2").resolve("rocksdb");
        Files.createDirectories(cutShort);

        assertThat(DamagedLocalState.remove(openingFailed(damaged, Status.Code.Corruption, "Corruption: x"),
                stateDir, "app")).isPresent();

        try (var left = Files.list(stateDir)) {
            assertThat(left).containsExactly(stateDir.resolve("app"));
        }
    }

    @Test
    void shouldFindAStoreWhosePathHoldsASpace() throws IOException {
        Path spaced = stateDir.resolve("my state");
        Path store = spaced.resolve("app").resolve("0_3").resolve("rocksdb").resolve("key-state");
        Files.createDirectories(store);

        assertThat(DamagedLocalState.remove(openingFailed(store, Status.Code.Corruption, "Corruption: x"), spaced,
                "app")).isPresent();
        assertThat(spaced.resolve("app").resolve("0_3")).doesNotExist();
    }

    /**
     * A state.dir written through a symbolic link and "..": Kafka Streams (and RocksDB) reach link/../s as the file
     * system does, through the link's target, and that is the directory removed, not the s beside the link.
     */
    @Test
    void shouldRemoveTheDirectoryRocksDbReadWhereLinksAndDotDotMeetInTheStateDir() throws IOException {
        Files.createDirectories(stateDir.resolve("x").resolve("y"));
        Files.createSymbolicLink(stateDir.resolve("link"), stateDir.resolve("x").resolve("y"));
        Path configured = stateDir.resolve("link").resolve("..").resolve("s");
        Path read = stateDir.resolve("x").resolve("s").resolve("app").resolve("0_1").resolve("rocksdb");
        Path beside = stateDir.resolve("s").resolve("app").resolve("0_1").resolve("rocksdb");
        Files.createDirectories(read);
        Files.createDirectories(beside);

        assertThat(DamagedLocalState.remove(openingFailed(configured.resolve("app").resolve("0_1").resolve("rocksdb"),
                Status.Code.Corruption, "Corruption: x"), configured, "app")).isPresent();

        assertThat(stateDir.resolve("x").resolve("s").resolve("app").resolve("0_1")).doesNotExist();
        assertThat(beside).exists();
    }

    @Test
    void shouldFindTheTaskDirectoryOfAStore() {
        Path tasks = Path.of("/var/state/app");

        assertThat(DamagedLocalState.taskDirectory(Path.of("/var/state/app/1_11/rocksdb/key-state"), tasks))
                .contains(Path.of("/var/state/app/1_11"));
        assertThat(DamagedLocalState.taskDirectory(Path.of("/var/state/app/global/rocksdb/models"), tasks)).isEmpty();
        assertThat(DamagedLocalState.taskDirectory(Path.of("/var/state/app2/0_1/rocksdb/s"), tasks)).isEmpty();
        assertThat(DamagedLocalState.taskDirectory(Path.of("/var/state/app"), tasks)).isEmpty();
    }
}
