package io.streamcast.app.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** What {@code bench --set} may change: nothing the bench sets for its instances itself. */
class StreamBenchSettingsTest {

    private static final StreamBenchOptions OPTIONS = new StreamBenchOptions(1_000, 10, 32, 1, true, false, null,
            "mock://bench-settings-test", 0, 2_000, 42, 1);
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    /** {@code --set model.hidden.size=64} was overwritten by --hidden's default: the bench measured 32 units. */
    @Test
    void shouldRefuseASettingTheBenchOverwritesNamingTheOptionThatSetsIt() {
        assertThatThrownBy(() -> new StreamBench(OPTIONS, Map.of("model.hidden.size", "64"), NOWHERE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--set model.hidden.size")
                .hasMessageContaining("--hidden");
        assertThatThrownBy(() -> new StreamBench(OPTIONS, Map.of("training.enabled", "true"), NOWHERE))
                .hasMessageContaining("--training");
        assertThatThrownBy(() -> new StreamBench(OPTIONS, Map.of("events.topic", "mine"), NOWHERE))
                .hasMessageContaining("--set events.topic");
    }

    /**
     * A misspelt {@code --set} was refused only by the first measured instance, after the bench had started its broker
     * and produced its events: building the bench, before anything starts, refuses it, naming the setting.
     */
    @Test
    void shouldRefuseAnUnknownOrInvalidSettingBeforeAnythingStarts() {
        assertThatThrownBy(() -> new StreamBench(OPTIONS, Map.of("rocksdb.memory.byte", "268435456"), NOWHERE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rocksdb.memory.byte")
                .hasMessageContaining("Did you mean rocksdb.memory.bytes");
        assertThatThrownBy(() -> new StreamBench(OPTIONS, Map.of("rocksdb.memory.bytes", "lots"), NOWHERE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rocksdb.memory.bytes");
    }

    @Test
    void shouldAcceptSettingsItLeavesToTheUser() {
        assertThatCode(() -> new StreamBench(OPTIONS, Map.of("rocksdb.memory.bytes", "268435456",
                "num.stream.threads", "2"), NOWHERE)).doesNotThrowAnyException();
    }
}
