package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.testing.HeadlessChromium;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's Chromium) while the models' reader of a real instance waits for a real
 * HTTP schema registry that answers 503: the console says so plainly, since when and with which model the instance
 * predicts meanwhile, and stops saying it once the registry answers; during a start that waits for the registry it
 * says that the instance does not predict yet. One browser serves both tests; each has a registry and an application
 * of its own.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRegistryWaitBrowserIT {

    private static final long T0 = 1_700_000_000_000L;
    /** More fetches than either test makes: the registry answers 503 until told otherwise. */
    private static final int EVERY_REQUEST = 1_000_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern SINCE = Pattern.compile("since (\\d\\d:\\d\\d:\\d\\d) UTC \\((\\d+) s\\)");

    private WebDriver browser;
    private TestSchemaRegistry registry;
    private UnfetchedSchemaModels models;

    @BeforeAll
    void startBrowser(@TempDir Path browserProfile) {
        HeadlessChromium.assumeInstalled();
        browser = HeadlessChromium.start(browserProfile);
    }

    @AfterAll
    void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void startRegistry() {
        registry = TestSchemaRegistry.start();
        models = new UnfetchedSchemaModels(registry);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldShowTheWaitWithTheModelInUseAndHideItOnceTheRegistryAnswers(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka)) {
            // Given a running instance predicting with model version 1, its console open
            app.produce(app.topics().events().name(), List.of(app.event("a", T0, 1.0)));
            StreamcastNode node = OpsHttp.startNode(app, Map.of());
            app.produce(app.topics().models().name(), List.of(UnfetchedSchemaModels.knownSchema(app, 1)));
            bounded().until(() -> node.service().models().current() != null);
            open(node);
            until("version 1 shown in use", b -> b.findElement(By.id("model-version")).getText().equals("v1"));
            assertThat(banner()).as("no wait, no banner").isNull();

            // When version 2 is published while the registry answers the fetches of its schema with 503
            ProducerRecord<byte[], byte[]> model = models.record(app, 2);
            models.failSchemaFetches(model, EVERY_REQUEST);
            app.produce(model.topic(), List.of(model));
            bounded().until(() -> models.schemaFetches(model) >= 2);

            // Then the console says the models wait for the registry, since when the instance says, what is read,
            // and that the instance predicts with version 1 meanwhile
            String shown = until("the banner on the models' wait", b -> banner());
            Instant since = Instant.parse(OpsHttp.get(node, "/health/live").json().get("models_registry_wait")
                    .get("since").asText());
            assertThat(sinceShown(shown).group(1)).isEqualTo(DateTimeFormatter.ofPattern("HH:mm:ss")
                    .format(since.atZone(ZoneOffset.UTC)));
            // the wait's length counts up as the console polls, by the instance's clock
            String later = until("the wait's length at 2 s or more",
                    b -> Long.parseLong(sinceShown(banner()).group(2)) >= 2 ? banner() : null);
            long seen = System.currentTimeMillis();
            assertThat(Long.parseLong(sinceShown(later).group(2))).isBetween(2L, (seen - since.toEpochMilli()) / 1000);
            screenshot("console-models-wait.png");
            String name = app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG);
            Instant givesUp = since.plusMillis(app.config().getLong(StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG));
            assertThat(shown).startsWith("Models: waiting for the schema registry")
                    .contains("the model record under key " + name + "@2")
                    .contains("no new model version or training report is taken up")
                    .contains("unless it answers by " + DateTimeFormatter.ofPattern("HH:mm:ss")
                            .format(givesUp.atZone(ZoneOffset.UTC)) + " UTC (model.registry.wait.ms) the instance stops")
                    .contains("Predicting with version 1.");
            // the status line's time of the last refresh is in UTC, as every other time the console shows
            assertThat(text("status")).matches("RUNNING \u00b7 .* \u00b7 \\d\\d:\\d\\d:\\d\\d UTC");

            // and once the registry answers, the banner goes and the console shows version 2 in use
            models.failSchemaFetches(model, 0);
            bounded().until(() -> node.service().models().current().version() == 2);
            until("the banner gone", b -> banner() == null);
            until("version 2 shown in use", b -> b.findElement(By.id("model-version")).getText().equals("v2"));
        }
    }

    /**
     * An instance's endpoints answer during its start, which waits for as long as the models' restore waits for the
     * registry: the console must say why the instance does not predict, not show an idle instance.
     */
    @Test
    void shouldShowThatTheStartWaitsForTheRegistry(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka)) {
            // Given version 1 published while the registry answered
            ProducerRecord<byte[], byte[]> model = models.record(app, 1);
            app.produce(model.topic(), List.of(model));

            // When an instance starts while the registry answers the fetches of the model's schema with 503
            models.failSchemaFetches(model, EVERY_REQUEST);
            OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
            CompletableFuture<StreamcastNode> starting = CompletableFuture.supplyAsync(() -> app.startInstance(
                    Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + http.port()),
                    config -> StreamcastNode.start(config, http)));
            try {
                bounded().until(() -> starting.isDone() || models.schemaFetches(model) >= 2);
                assertThat(starting).as("the start waits for the registry").isNotDone();
                browser.get("about:blank");
                browser.get("http://127.0.0.1:" + http.port() + "/");

                // Then the console says the models wait for the registry and that the instance does not predict yet,
                // its status says it is starting, and neither the model in use nor the training history, which are
                // not read yet, is shown as none
                String shown = until("the banner on the models' wait", b -> banner());
                String name = app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG);
                assertThat(shown).startsWith("Models: waiting for the schema registry since")
                        .contains("the model record under key " + name + "@1")
                        .endsWith("Not predicting yet: the instance is starting.");
                until("the status 'starting'", b -> text("status").startsWith("starting \u00b7 "));
                until("the training history not read yet", b -> text("training-rows")
                        .equals("Not read yet: the instance is starting."));
                assertThat(text("model-version")).isEqualTo("\u2013");
                assertThat(text("model-version-note")).isEqualTo("the instance is starting");
                screenshot("console-starting.png");
                // as the health reports say, which the console's banner is drawn from
                URI live = URI.create("http://127.0.0.1:" + http.port() + "/health/live");
                assertThat(OpsHttp.get(live, Map.of()).json().path("starting").asBoolean()).isTrue();

                // and once the registry answers, the start ends, the banner goes and version 1 is in use
                models.failSchemaFetches(model, 0);
                starting.join();
                until("the banner gone", b -> banner() == null);
                until("the status 'RUNNING'", b -> text("status").startsWith("RUNNING \u00b7 "));
                until("version 1 shown in use", b -> text("model-version").equals("v1"));
                until("the training history read", b -> text("training-rows").equals("No training round yet."));
                assertThat(OpsHttp.get(live, Map.of()).json().path("starting").asBoolean()).isFalse();
            } finally {
                // a start left waiting would hold the fixture's close for model.registry.wait.ms
                models.failSchemaFetches(model, 0);
                starting.exceptionally(e -> null).join();
            }
        }
    }

    /** An application on the registry over HTTP: one attempt per call, short pauses between reads, no trainer. */
    private StreamcastFixture app(KafkaCluster kafka) {
        return new StreamcastFixture(kafka, Map.of(
                StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0,
                SchemaRegistryConfig.RETRIES_WAIT_MS_CONFIG, 100,
                SchemaRegistryConfig.RETRIES_MAX_WAIT_MS_CONFIG, 400,
                StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
    }

    private void open(StreamcastNode node) {
        browser.get("about:blank");
        browser.get("http://" + OpsHttp.endpoint(node) + "/");
    }

    /** "since HH:MM:SS UTC (N s)" in the banner's text: the wait's start and its length. */
    private static Matcher sinceShown(String banner) {
        Matcher since = SINCE.matcher(String.valueOf(banner));
        assertThat(since.find()).as("'since HH:MM:SS UTC (N s)' in: %s", banner).isTrue();
        return since;
    }

    /** Waits for {@code condition} to hold (be true or not null), failing with {@code what} when it does not. */
    private <T> T until(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).withMessage(what).until(condition);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The text of the banner on the models' wait, or null while none is shown. */
    private String banner() {
        List<WebElement> banner = browser.findElements(By.id("models-wait"));
        return banner.isEmpty() || !banner.get(0).isDisplayed() ? null : banner.get(0).getText();
    }

    /** Saves what the browser shows under {@code target/}, for a person to look at. */
    private void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Path target = Path.of("target", name);
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ConditionFactory bounded() {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions();
    }
}
