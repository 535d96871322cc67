package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.schema.TrainingSample;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSetTest {

    private static TrainingSample sample(String key, int marker) {
        ByteBuffer values = ByteBuffer.allocate(4).putFloat(0, marker);
        return new TrainingSample(key, 1, ByteBuffer.allocate(8), values, ByteBuffer.allocate(0), ByteBuffer.allocate(0));
    }

    private static List<String> keys(TrainingSet set) {
        return set.windows().stream().map(TrainingSample::getKey).toList();
    }

    @Test
    void shouldDropAKeysOldestWindowBeyondItsCapacity() {
        TrainingSet set = new TrainingSet(100, 2);
        set.add(1, sample("a", 1));
        set.add(2, sample("a", 2));

        List<Long> evicted = set.add(3, sample("a", 3));

        assertThat(evicted).containsExactly(1L);
        assertThat(set.windows()).extracting(w -> w.getValues().getFloat(0)).containsExactly(2f, 3f);
    }

    @Test
    void shouldKeepEveryKeyWhenTheSetIsFullByDroppingFromTheBusiestKey() {
        TrainingSet set = new TrainingSet(4, 10);
        set.add(1, sample("busy", 1));
        set.add(2, sample("busy", 2));
        set.add(3, sample("busy", 3));
        set.add(4, sample("quiet", 4));

        List<Long> evicted = set.add(5, sample("new", 5));

        assertThat(evicted).containsExactly(1L);
        assertThat(keys(set)).containsExactly("busy", "busy", "quiet", "new");
        assertThat(set.keys()).isEqualTo(3);
    }

    @Test
    void shouldDropTheOldestAmongEquallyBusyKeys() {
        TrainingSet set = new TrainingSet(4, 10);
        set.add(1, sample("b", 1));
        set.add(2, sample("a", 2));
        set.add(3, sample("a", 3));
        set.add(4, sample("b", 4));

        assertThat(set.add(5, sample("c", 5))).containsExactly(1L);
        assertThat(set.size()).isEqualTo(4);
    }

    @Test
    void shouldRefuseIdsThatDoNotGrow() {
        TrainingSet set = new TrainingSet(4, 4);
        set.add(7, sample("a", 1));
        assertThatThrownBy(() -> set.add(7, sample("a", 2))).isInstanceOf(IllegalArgumentException.class);
    }
}
