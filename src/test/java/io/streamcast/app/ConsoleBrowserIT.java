package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.demo.DemoOptions;
import io.streamcast.app.demo.DemoRunner;
import io.streamcast.app.demo.DemoSignals;
import io.streamcast.app.demo.DemoSummary;
import io.streamcast.testing.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: Debian's Chromium, driven through its own chromedriver, against a demo
 * running in this JVM. Screenshots of the overview and of a key's view are saved under {@code target/}.
 */
class ConsoleBrowserIT {

    private static final Pattern ADDRESS = Pattern.compile("Streamcast console: (http://127\\.0\\.0\\.1:\\d+/)");
    private static final int KEYS = 10;
    private static final long SEED = 11;
    /** A detected anomaly counts as the injected one when it is flagged within this many events of its start. */
    private static final int DETECTION_LAG = 6;
    /**
     * Bound of every wait. The slowest is for a first model: a round that is not better than persistence is followed
     * by another, each taking 10 to 35 s of training on a busy 2-core machine, so whether the first round publishes
     * (which depends on which windows it happened to get) decides the test's time: 12.5 to 102 s over 31 runs here.
     */
    private static final Duration WAIT = Duration.ofSeconds(300);

    @TempDir
    Path browserProfile;

    @Test
    void shouldShowCountsKeyChartsAndAnInjectedAnomaly() throws Exception {
        HeadlessChromium.assumeInstalled();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        DemoRunner demo = new DemoRunner(new DemoOptions(KEYS, 0, 1_000, SEED, "mock://console-browser-it", 0),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        CompletableFuture<DemoSummary> running = CompletableFuture.supplyAsync(() -> {
            try {
                return demo.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        WebDriver browser = null;
        try {
            String console = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> address(output), Optional::isPresent).orElseThrow();
            browser = HeadlessChromium.start(browserProfile);
            // The console redraws its tables as it polls, so an element found may be replaced before it is used.
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(250));
            wait.ignoring(StaleElementReferenceException.class);
            browser.get(console);

            wait.until(b -> count(b, "predictions-rate-note") > 0 && count(b, "events-rate-note") > 0);
            Set<String> injected = injectedAnomalies(20_000);
            String key = wait.until(b -> b.findElements(By.cssSelector("#anomaly-rows tr.anomaly-row")).stream()
                    .map(row -> row.getAttribute("data-key") + " " + row.getAttribute("data-time"))
                    .filter(injected::contains)
                    .findFirst().map(keyAndTime -> keyAndTime.split(" ")[0]).orElse(null));
            // Each anomaly says which statistic it broke its record by most.
            String cause = wait.until(b -> b.findElement(By.cssSelector(
                    "#anomaly-rows tr.anomaly-row[data-key='" + key + "'] td.anomaly-cause")).getText());
            assertThat(cause).isIn("range", "drift", "volatility", "daily");
            wait.until(b -> !b.findElements(By.cssSelector("#training-rows tr.round-row")).isEmpty());
            // A first model is trained, judged better than persistence and taken into use while the demo runs.
            wait.until(b -> b.findElement(By.id("model-version")).getText().matches("v[1-9][0-9]*"));
            // the model in use and the training rounds are read from two topics and fetched apart: the round that
            // published it can show a poll later
            wait.until(b -> !b.findElements(By.cssSelector("#training-rows tr.round-row[data-verdict='publish']"))
                    .isEmpty());
            screenshot(browser, "console-overview.png");

            wait.until(b -> {
                b.findElement(By.cssSelector("#anomaly-rows tr.anomaly-row[data-key='" + key + "'] a.key-link"))
                        .click();
                return true;
            });
            wait.until(b -> b.findElement(By.id("key-name")).getText().equals(key)
                    && drawnPoints(b, "actual") >= 2 && drawnPoints(b, "forecast") >= 2
                    && drawnPoints(b, "likelihood") >= 2);
            screenshot(browser, "console-key.png");

            assertThat(browser.findElement(By.id("key-facts")).getText()).contains("events");
            assertThat(count(browser, "predictions-rate-note")).as("the key view replaced the overview").isZero();
        } finally {
            if (browser != null) {
                browser.quit();
            }
            demo.requestStop();
            running.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * "key time" of the events at which the demo's stream injects an anomaly (a spike, or the start of a level
     * shift), and of the few events after each at which a detector may flag it; computed from the same seeded
     * signals, independently of the detector.
     */
    private static Set<String> injectedAnomalies(int steps) {
        DemoSignals signals = new DemoSignals(KEYS, SEED);
        Set<String> injected = new HashSet<>();
        for (int step = 0; step < steps; step++) {
            for (int k = 0; k < KEYS; k++) {
                signals.value(k, step);
                if (signals.injected(k)) {
                    for (int lag = 0; lag <= DETECTION_LAG; lag++) {
                        injected.add(DemoSignals.keyName(k) + " "
                                + Instant.ofEpochMilli(DemoSignals.time(step + lag)));
                    }
                }
            }
        }
        return injected;
    }

    /** The number in the text of element {@code id}, such as "1,234 in all"; 0 when there is none. */
    private static long count(WebDriver browser, String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        if (found.isEmpty()) {
            return 0;
        }
        String digits = found.get(0).getText().replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    /** Points drawn in the path of {@code series}: the moves and lines of its outline. */
    private static int drawnPoints(WebDriver browser, String series) {
        List<WebElement> paths = browser.findElements(By.cssSelector("path[data-series='" + series + "']"));
        if (paths.isEmpty()) {
            return 0;
        }
        return paths.get(0).getAttribute("d").replaceAll("[^ML]", "").length();
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Optional<String> address(ByteArrayOutputStream output) {
        Matcher matcher = ADDRESS.matcher(output.toString(StandardCharsets.UTF_8));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
