package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.testing.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static final InputSpec CONFIGURED = new InputSpec(1, new int[] {0}, 1, List.of(), 0.005);
    /** Another scaler decay: a model trained with it does not fit the configured inputs, and is refused. */
    private static final InputSpec OTHER_DECAY = new InputSpec(1, new int[] {0}, 1, List.of(), 0.01);

    /**
     * A model refused for its inputs is told by what differs and the setting that gives it, not by two specs written
     * out whole, whose calendar inputs, transform and spread head (the model's own choices, not refused) looked like
     * the difference.
     */
    @Test
    void shouldNameWhatDiffersInARefusedModelsInputsAndTheSettings() {
        ModelCatalog catalog = new ModelCatalog("default", CONFIGURED,
                new StreamcastMetrics(new SimpleMeterRegistry()), Duration.ofHours(1));
        InputSpec otherShape = new InputSpec(2, new int[] {1, 0}, 3, List.of(), 0.005);

        assertThat(catalog.offer(TestSettings.model("default", 3, otherShape, 4, 1))).isEqualTo(
                "it was trained for inputs other than those configured: 2 values where value.dimension is 1;"
                        + " forecasts of values [1, 0] where forecast.indices is [0]; horizon 3 where forecast.horizon"
                        + " is 1");
    }

    /**
     * The newest version read counts refused ones above the version in use, which the trainer must not publish under,
     * and not those below it; a newer version taken into use counts from then on.
     */
    @Test
    void shouldReadTheNewestVersionReadAsTheHighestInUseOrRefusedAboveIt() {
        ModelCatalog catalog = new ModelCatalog("default", CONFIGURED,
                new StreamcastMetrics(new SimpleMeterRegistry()), Duration.ofHours(1));
        assertThat(catalog.newestRead()).as("before any").isZero();
        assertThat(catalog.offer(TestSettings.model("default", 3, OTHER_DECAY, 4, 1))).isNotNull();
        assertThat(catalog.offer(TestSettings.model("default", 2, CONFIGURED, 4, 1))).isNull();
        assertThat(catalog.newestRead()).as("3 refused, 2 in use").isEqualTo(3);
        assertThat(catalog.offer(TestSettings.model("default", 9, OTHER_DECAY, 4, 1))).isNotNull();
        assertThat(catalog.offer(TestSettings.model("default", 5, OTHER_DECAY, 4, 1))).isNotNull();
        assertThat(catalog.newestRead()).as("9 and 5 refused").isEqualTo(9);
        assertThat(catalog.offer(TestSettings.model("default", 12, CONFIGURED, 4, 1))).isNull();
        assertThat(catalog.newestRead()).as("12 in use").isEqualTo(12);
    }

    /**
     * A key that moved here was built by a version this instance read and refused (say, after its settings changed):
     * waiting for that version to arrive, up to model.catch.up.ms, could bring nothing, since the models topic is read
     * in order. Each such key waited the whole catch-up before continuing with the model in use.
     */
    @Test
    void shouldNotWaitForAVersionThisInstanceRefused() {
        ModelCatalog catalog = new ModelCatalog("default", CONFIGURED,
                new StreamcastMetrics(new SimpleMeterRegistry()), Duration.ofHours(1));
        ForecastModel eight = TestSettings.model("default", 8, CONFIGURED, 4, 1);
        assertThat(catalog.offer(eight)).isNull();
        assertThat(catalog.offer(TestSettings.model("default", 9, OTHER_DECAY, 4, 1)))
                .isEqualTo("it was trained for inputs other than those configured: scaler decay 0.01 where"
                        + " scaler.decay is 0.005");

        // a guard against the hour's wait, not a speed target
        ForecastModel got = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catalog.modelFor(9));

        assertThat(got).isSameAs(eight);
    }

    /**
     * Refusing one version says nothing of others: a key built by a version not read yet still waits for it, whether
     * a newer version was refused (a hand-published one, say) or a key built by a refused version came first.
     */
    @Test
    void shouldStillWaitForAVersionNotYetReadAfterRefusingOthers() throws Exception {
        ModelCatalog catalog = new ModelCatalog("default", CONFIGURED,
                new StreamcastMetrics(new SimpleMeterRegistry()), Duration.ofHours(1));
        assertThat(catalog.offer(TestSettings.model("default", 4, CONFIGURED, 4, 1))).isNull();
        catalog.offer(TestSettings.model("default", 100, OTHER_DECAY, 4, 1));
        catalog.offer(TestSettings.model("default", 6, OTHER_DECAY, 4, 1));
        assertThat(catalog.modelFor(6).version()).isEqualTo(4);

        CompletableFuture<ForecastModel> waiting = CompletableFuture.supplyAsync(() -> catalog.modelFor(7));
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.waiting() == 1);
        ForecastModel seven = TestSettings.model("default", 7, CONFIGURED, 4, 1);
        assertThat(catalog.offer(seven)).isNull();

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isSameAs(seven);
    }

    /**
     * The limit on a model's recurrent state is set between offers, never during one: the refresh that lowers it then
     * reads the model in use, to name in an error one that keeps more than the new limit holds, and a model judged by
     * the old limit but taken into use just after that read went in unnamed. Here the test holds the catalog, as an
     * offer does from its verdict until the model is in use.
     */
    @Test
    void shouldSetTheLongestStateOnlyOnceAnOfferUnderWayEnds() throws Exception {
        ModelCatalog catalog = new ModelCatalog("default", CONFIGURED,
                new StreamcastMetrics(new SimpleMeterRegistry()), Duration.ofHours(1), 100);
        Thread lowering = new Thread(() -> catalog.limitStoredState(10));
        synchronized (catalog) {
            lowering.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> lowering.getState() == Thread.State.BLOCKED
                    || lowering.getState() == Thread.State.TERMINATED);

            assertThat(lowering.getState()).isEqualTo(Thread.State.BLOCKED);
            assertThat(catalog.largestState()).isEqualTo(100);
        }
        lowering.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(catalog.largestState()).isEqualTo(10);
    }
}
