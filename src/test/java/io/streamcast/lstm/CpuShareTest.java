package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CpuShareTest {

    @Test
    void shouldRestSoThatTheBatchesWorkIsTheShareOfTheTime() throws InterruptedException {
        List<Long> rests = new ArrayList<>();
        CpuShare quarter = new CpuShare(0.25, rests::add);
        // 10 ms on one thread at a quarter of a core: 10 ms of 40, so 30 ms of rest.
        quarter.afterBatch(10_000_000L, 1);
        // 10 ms on two threads is 20 ms of CPU: 80 ms in all, so 70 ms of rest.
        quarter.afterBatch(10_000_000L, 2);
        assertThat(rests).containsExactly(30_000_000L, 70_000_000L);
    }

    @Test
    void shouldNotRestAtAWholeCoreAndRefuseAShareOutsideZeroToOne() throws InterruptedException {
        List<Long> rests = new ArrayList<>();
        new CpuShare(1.0, rests::add).afterBatch(10_000_000L, 2);
        assertThat(rests).isEmpty();
        assertThat(CpuShare.of(1.0)).isSameAs(CpuShare.UNLIMITED);
        assertThatThrownBy(() -> new CpuShare(0, rests::add)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpuShare(1.5, rests::add)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The CPU time the JVM counts for the training thread (one worker, so all the work is on the calling thread),
     * against that time plus the rests asked for: at most the share, give or take what neither a batch nor a
     * validation pass times (copying the weights, shuffling). Forty times as many validation windows as training
     * windows make the forward passes over them most of the work: unpaced, they took the training to about a third
     * of a core for a share of a tenth. (The rests follow wall-clock time, so on a busy machine they come out
     * longer and the share lower.)
     */
    @Test
    void shouldKeepThePassesOverTheValidationWindowsWithinTheShare() throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isCurrentThreadCpuTimeSupported(), "this JVM cannot measure a thread's CPU time");
        List<Window> train = windows(10, 5);
        List<Window> validation = windows(400, 6);
        TrainingSettings settings = new TrainingSettings(0.01, 5, 30, 30, 1.0, 2, 9, 1);
        LstmModel start = LstmModel.initialise(1, 8, 1, 1, 3);
        // a first training, so that the measured one is not mostly class loading and interpretation
        new LstmTrainer(settings).train(start, train, validation);
        List<Long> rests = new ArrayList<>();

        long cpuBefore = threads.getCurrentThreadCpuTime();
        new LstmTrainer(settings, new CpuShare(0.1, rests::add)).train(start, train, validation);
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;

        long rested = rests.stream().mapToLong(Long::longValue).sum();
        assertThat((double) cpu / (cpu + rested)).as("CPU %d ns, rests %d ns", cpu, rested).isLessThan(0.115);
    }

    @Test
    void shouldRestOnceAfterEveryMiniBatchAndTrainTheSameModel() throws InterruptedException {
        List<Window> windows = windows(40, 4);
        TrainingSettings settings = new TrainingSettings(0.01, 8, 3, 3, 1.0, 2, 9, 1);
        LstmModel start = LstmModel.initialise(1, 4, 1, 1, 3);
        List<Long> rests = new ArrayList<>();
        TrainingResult paced = new LstmTrainer(settings, new CpuShare(0.5, rests::add))
                .train(start, windows, List.of());
        TrainingResult free = new LstmTrainer(settings).train(start, windows, List.of());

        // 40 windows in batches of 8: five batches in each of the three epochs.
        assertThat(rests).hasSize(3 * 5).allMatch(nanos -> nanos > 0);
        assertThat(paced.model().weights()).containsExactly(free.model().weights());
    }

    /** Windows of 12 steps whose target is half the input. */
    private static List<Window> windows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Window> windows = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            float[] inputs = new float[12];
            float[] targets = new float[12];
            for (int t = 0; t < 12; t++) {
                inputs[t] = (float) random.nextGaussian();
                targets[t] = inputs[t] * 0.5f;
            }
            windows.add(new Window(inputs, targets, 12));
        }
        return windows;
    }
}
