package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamcast.testing.HeadlessChromium;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console's scripts in a real browser against a stand-in for the instance, whose answers the test controls:
 * slow, missing, or not JSON, as a proxy or a busy instance gives them.
 *
 * <p>One browser serves every test, since starting Chromium is what takes the time; each test has its own stand-in,
 * with its own counters and held answers, on a port of its own, so that its page is an origin no earlier test's page
 * shared storage or cache with. After each test the browser is left on a blank page in a single tab, which stops the
 * console's polls.
 */
class ConsoleScriptsBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY_A = """
            {"key":"A","served_by":"instance-a:8080","threshold":0.5,
             "state":{"key":"A","event_count":3,"last_event_time":"2026-01-01T00:20:00Z","model_version":0,
                      "forecast":[[3.0]],"likelihood":0.0,"log_likelihood":0.0,"anomaly":false},
             "series":{"time":[1767225600000,1767226200000,1767226800000],"actual":[1.0,2.0,3.0],
                       "forecast":[null,1.0,2.0],"lower":[null,null,null],"upper":[null,null,null],
                       "likelihood":[0.0,0.0,0.0],"anomaly":[false,false,false],"model_version":[0,0,0],
                       "next_forecast":3.0,"next_lower":null,"next_upper":null}}""";

    /**
     * A key whose 3 events are all in its learning period of 200 (197 to go), and one whose forecast errors relearn
     * after model version 2 came into use at its third point of six, 412 of the relearning period of 600 to go.
     */
    private static final String KEY_LEARNING = keyWithScoring("young", "\"learning\",\"learning\",\"learning\"",
            "0,0,0", "{\"learning_period\":200,\"learning_events_left\":197,\"relearning_period\":600,"
                    + "\"relearning_errors_left\":0}");
    private static final String KEY_RELEARNING = keyWithScoring("relearner",
            "\"scored\",\"scored\",\"relearning\",\"relearning\",\"relearning\",\"relearning\"", "1,1,2,2,2,2",
            "{\"learning_period\":200,\"learning_events_left\":0,\"relearning_period\":600,"
                    + "\"relearning_errors_left\":412}");

    /**
     * A counter at 0 through its learning period (8 points of 12 in the series), then rising: its stretch's values lie
     * at the bottom of the key's chart.
     */
    private static final String KEY_LEARNING_AT_ZERO = keyWithScoring("counter",
            "\"learning\",\"learning\",\"learning\",\"learning\",\"learning\",\"learning\",\"learning\","
                    + "\"learning\",\"scored\",\"scored\",\"scored\",\"scored\"", "0,0,0,0,0,0,0,0,0,0,0,0",
            "{\"learning_period\":200,\"learning_events_left\":0,\"relearning_period\":600,"
                    + "\"relearning_errors_left\":0}", "0,0,0,0,0,0,0,0,10,20,30,40");
    /**
     * 40 events: the last 3 of its learning period, then after 17 scored ones model version 2 and 3 of its relearning;
     * each stretch is about two and a half events wide, too narrow for its whole label.
     */
    private static final String KEY_NARROW_STRETCHES = keyWithScoring("narrow",
            String.join(",", Collections.nCopies(3, "\"learning\"")) + ","
                    + String.join(",", Collections.nCopies(17, "\"scored\"")) + ","
                    + String.join(",", Collections.nCopies(3, "\"relearning\"")) + ","
                    + String.join(",", Collections.nCopies(17, "\"scored\"")),
            String.join(",", Collections.nCopies(20, "1")) + "," + String.join(",", Collections.nCopies(20, "2")),
            "{\"learning_period\":200,\"learning_events_left\":0,\"relearning_period\":600,"
                    + "\"relearning_errors_left\":0}");
    /**
     * A key whose forecast errors were all exactly 0 and relearn from their first that is not, at its fourth point
     * of six, with no new model version there (v2 throughout), 412 of the relearning period of 600 to go.
     */
    private static final String KEY_RELEARNING_AFTER_ZEROS = keyWithScoring("zeros",
            "\"scored\",\"scored\",\"scored\",\"relearning\",\"relearning\",\"relearning\"", "2,2,2,2,2,2",
            "{\"learning_period\":200,\"learning_events_left\":0,\"relearning_period\":600,"
                    + "\"relearning_errors_left\":412}", "5,5,5,6,7,6");

    private static final String REFUSAL = "the key is 514 bytes, more than the 512 bytes a key may have";
    private static final String RESTORING = "the key store cannot be read now: store key-state is restoring";
    /**
     * Suggestions' answers by prefix: a store unreadable, then the instance unavailable (restoring) and a proxy's error
     * page as a user types on; stores moving and read in part.
     */
    private static final Map<String, Answer> SUGGESTIONS = Map.of(
            "r", new Answer(200, "application/json", "{\"keys\":[\"r-1\",\"r-2\"],\"keys_unreadable_partitions\":[0]}"),
            "re", new Answer(503, "application/json", "{\"error\":\"" + RESTORING + "\"}"),
            "res", new Answer(502, "text/html", "<html><body>Bad Gateway</body></html>"),
            "t", new Answer(200, "application/json", "{\"keys\":[\"t-1\"],\"keys_unreadable_partitions\":[],"
                    + "\"keys_unavailable_partitions\":[1],\"keys_truncated_partitions\":[0,2]}"));

    /**
     * An overview whose key count left out the keys of a damaged store (partition 0) and of two stores that could not
     * be read now (partitions 2 and 3, moving), in the fields an instance names them by.
     */
    private static final String OVERVIEW_WITHOUT_SOME_STORES = """
            {"instance":"instance-a:8080","streams":"RUNNING","starting":false,"time":"2026-01-01T00:00:00Z",
             "totals":{"events":12,"predictions":12,"anomalies":0,"dead_letters":0,"dead_letters_by_reason":{},
                       "keys":1234,"keys_exact":true,"keys_unreadable_partitions":[0],
                       "keys_unavailable_partitions":[2,3]},
             "rates":{"events_per_s":null,"predictions_per_s":null,"anomalies_last_minute":null,
                      "forecast_error":null},
             "timeline":{"time":[],"events_per_s":[],"predictions_per_s":[],"anomalies":[],"forecast_error":[],
                         "model_version":[]},
             "model":{"name":"default","in_use":"persistence","version":0,"created_at":null,"architecture":null,
                      "spec":{"value_dimension":1,"forecast_indices":[0],"horizon":1,"calendar_features":[],
                              "value_transform":"NONE","scaler_decay":0.999},
                      "training":null,"refused_since_start":0},
             "anomalies":[],"threshold":0.5}""";

    /**
     * An overview with a few seconds of timeline from 2026-01-01T00:00:02Z on: 3 anomalies in its first 2 seconds,
     * 4 in the next, a forecast error and model version 1 in use throughout.
     */
    private static final String OVERVIEW_WITH_TIMELINE = """
            {"instance":"instance-a:8080","streams":"RUNNING","starting":false,"time":"2026-01-01T00:00:06Z",
             "totals":{"events":60,"predictions":60,"anomalies":7,"dead_letters":0,"dead_letters_by_reason":{},
                       "keys":3,"keys_exact":true,"keys_unreadable_partitions":[],"keys_unavailable_partitions":[]},
             "rates":{"events_per_s":10.0,"predictions_per_s":10.0,"anomalies_last_minute":7,"forecast_error":0.9},
             "timeline":{"time":[1767225602000,1767225604000,1767225606000],"events_per_s":[10.0,10.0,10.0],
                         "predictions_per_s":[10.0,10.0,10.0],"anomalies":[3,4,0],"forecast_error":[0.9,0.9,0.9],
                         "model_version":[1,1,1]},
             "model":{"name":"default","in_use":"persistence","version":0,"created_at":null,"architecture":null,
                      "spec":{"value_dimension":1,"forecast_indices":[0],"horizon":1,"calendar_features":[],
                              "value_transform":"NONE","scaler_decay":0.999},
                      "training":null,"refused_since_start":0},
             "anomalies":[],"threshold":0.5}""";

    /**
     * Keeps in window.drawnOfA each node added to the page that shows A's answer: text naming the instance only A's
     * answer names, or a line of actual values (B has none). Added nodes are kept in the mutation records even when
     * removed before the observer runs.
     */
    private static final String RECORD_DRAWN_OF_A = """
            window.drawnOfA = [];
            new MutationObserver(function (records) {
              records.forEach(function (r) {
                r.addedNodes.forEach(function (n) {
                  var actual = "path[data-series='actual']";
                  var line = n.nodeType === 1 && (n.matches(actual) || !!n.querySelector(actual));
                  if (line || (n.textContent || '').indexOf('instance-a:8080') >= 0) {
                    window.drawnOfA.push(line ? 'a line of actual values' : n.textContent);
                  }
                });
              });
            }).observe(document.body, { subtree: true, childList: true, characterData: true });
            """;

    private static WebDriver browser;
    private static Duration defaultScriptTimeout;

    private final CountDownLatch releaseHeldAnswers = new CountDownLatch(1);
    private final CountDownLatch keyASent = new CountDownLatch(1);
    private final AtomicInteger keyBAnswers = new AtomicInteger();
    private final AtomicInteger silentAsked = new AtomicInteger();
    private final AtomicInteger refusedAsked = new AtomicInteger();
    private final CountDownLatch laterPrefixAnswered = new CountDownLatch(1);
    private final CountDownLatch earlierPrefixAnswered = new CountDownLatch(1);
    private final Set<String> requestedPrefixes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger overviewAsked = new AtomicInteger();
    /** The overview's answer; null for a proxy's error page. */
    private volatile String overview;
    /** The training history's answer; null for a proxy's error page. */
    private volatile String training;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer instance;

    @BeforeAll
    static void startBrowser(@TempDir Path browserProfile) {
        HeadlessChromium.assumeInstalled();
        browser = HeadlessChromium.start(browserProfile);
        defaultScriptTimeout = browser.manage().timeouts().getScriptTimeout();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void start() throws IOException {
        instance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        instance.setExecutor(handlers);
        instance.createContext("/", this::answer);
        instance.start();
    }

    @AfterEach
    void stop() {
        releaseHeldAnswers.countDown();
        if (browser != null) {
            leaveBlank(browser);
            browser.manage().timeouts().scriptTimeout(defaultScriptTimeout);
        }
        if (instance != null) {
            instance.stop(0);
        }
        handlers.shutdownNow();
    }

    /** Closes every tab but one, also those a failed test left open, and shows a blank page in it. */
    private static void leaveBlank(WebDriver browser) {
        List<String> tabs = List.copyOf(browser.getWindowHandles());
        for (String tab : tabs.subList(1, tabs.size())) {
            browser.switchTo().window(tab);
            browser.close();
        }
        browser.switchTo().window(tabs.get(0));
        browser.get("about:blank");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        try (exchange) {
            if (path.equals("/")) {
                send(exchange, 200, "text/html", resource("index.html"));
            } else if (path.startsWith("/console/api/overview") || path.startsWith("/console/api/training")) {
                String answer = path.startsWith("/console/api/overview") ? overview : training;
                if (path.startsWith("/console/api/overview")) {
                    overviewAsked.incrementAndGet();
                }
                if (answer != null) {
                    send(exchange, 200, "application/json", answer.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                // What a proxy says while the instance behind it is down.
                send(exchange, 502, "text/html",
                        "<html><body>Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/console/api/key")) {
                answerKey(exchange, URLDecoder.decode(exchange.getRequestURI().getRawQuery()
                        .replaceFirst("^key=", ""), StandardCharsets.UTF_8));
            } else if (path.startsWith("/console/api/keys")) {
                String query = exchange.getRequestURI().getRawQuery();
                String prefix = query == null ? "" : query.replaceFirst("^prefix=", "");
                requestedPrefixes.add(prefix);
                Answer canned = SUGGESTIONS.get(prefix);
                if (canned != null) {
                    send(exchange, canned.status(), canned.type(), canned.body().getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (prefix.equals("s")) {
                    // The first prefix's answer comes last.
                    awaitRelease();
                }
                send(exchange, 200, "application/json", ("{\"keys\":[\"" + prefix + "-key\"]}")
                        .getBytes(StandardCharsets.UTF_8));
                if (prefix.equals("se")) {
                    laterPrefixAnswered.countDown();
                } else if (prefix.equals("s")) {
                    earlierPrefixAnswered.countDown();
                }
            } else if (path.startsWith("/console/")) {
                String name = path.substring("/console/".length());
                byte[] file = resource(name);
                send(exchange, file == null ? 404 : 200, name.endsWith(".js") ? "text/javascript"
                        : name.endsWith(".css") ? "text/css" : "image/svg+xml", file == null ? new byte[0] : file);
            } else {
                send(exchange, 404, "text/plain", new byte[0]);
            }
        }
    }

    private void answerKey(HttpExchange exchange, String key) throws IOException {
        if (key.equals("A")) {
            awaitRelease();
            send(exchange, 200, "application/json", KEY_A.getBytes(StandardCharsets.UTF_8));
            keyASent.countDown();
        } else if (key.equals("flagged")) {
            send(exchange, 200, "application/json", KEY_A.replace("\"A\"", "\"flagged\"")
                    .replace("\"anomaly\":[false,false,false]", "\"anomaly\":[false,true,false]")
                    .getBytes(StandardCharsets.UTF_8));
        } else if (key.equals("counter") || key.equals("narrow") || key.equals("zeros")) {
            send(exchange, 200, "application/json", (key.equals("counter") ? KEY_LEARNING_AT_ZERO
                    : key.equals("narrow") ? KEY_NARROW_STRETCHES : KEY_RELEARNING_AFTER_ZEROS)
                    .getBytes(StandardCharsets.UTF_8));
        } else if (key.equals("young") || key.equals("relearner")) {
            send(exchange, 200, "application/json", (key.equals("young") ? KEY_LEARNING : KEY_RELEARNING)
                    .getBytes(StandardCharsets.UTF_8));
        } else if (key.equals("low-threshold")) {
            // a threshold as low as the demo's (0.0253): its line and label lie at the likelihood chart's bottom
            send(exchange, 200, "application/json", KEY_LEARNING.replace("\"young\"", "\"low-threshold\"")
                    .replace("\"threshold\":0.5", "\"threshold\":0.0253").getBytes(StandardCharsets.UTF_8));
        } else if (key.equals("low-threshold-anomaly")) {
            // the demo's threshold, and an anomaly of likelihood 0.9, far above it
            send(exchange, 200, "application/json", KEY_A.replace("\"A\"", "\"low-threshold-anomaly\"")
                    .replace("\"threshold\":0.5", "\"threshold\":0.0253")
                    .replace("\"likelihood\":[0.0,0.0,0.0]", "\"likelihood\":[0.0,0.9,0.0]")
                    .replace("\"anomaly\":[false,false,false]", "\"anomaly\":[false,true,false]")
                    .getBytes(StandardCharsets.UTF_8));
        } else if (key.equals("silent")) {
            // A proxy that holds the request: answered only when the test ends.
            silentAsked.incrementAndGet();
            awaitRelease();
            send(exchange, 404, "application/json", "{\"error\":\"no such key\"}".getBytes(StandardCharsets.UTF_8));
        } else if (key.equals("refused")) {
            refusedAsked.incrementAndGet();
            send(exchange, 400, "application/json", ("{\"error\":\"" + REFUSAL + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            if (key.equals("B")) {
                keyBAnswers.incrementAndGet();
            }
            send(exchange, 404, "application/json", "{\"error\":\"no such key\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void awaitRelease() {
        try {
            releaseHeldAnswers.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ConsoleScriptsBrowserIT.class.getResourceAsStream("/io/streamcast/console/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private String console() {
        return "http://127.0.0.1:" + instance.getAddress().getPort() + "/";
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
    }

    @Test
    void shouldShowTheStatusOfAnErrorPageThatIsNotJson() {
        browser.get(console());

        waiting().until(b -> b.findElement(By.id("status")).getText().contains("HTTP 502"));
    }

    @Test
    void shouldNotDrawALateAnswerForAKeyIntoTheViewOfTheNext() throws InterruptedException {
        browser.get(console() + "#/key/A");
        waiting().until(b -> b.findElement(By.id("key-name")).getText().equals("A"));
        browser.get(console() + "#/key/B");
        waiting().until(b -> b.findElement(By.id("status")).getText().equals("key not found"));
        // B's next poll clears the view, and with it anything of A's drawn there: what is on the page at the end cannot
        // tell whether A's answer was drawn in between, so every node added to the page from now on is looked at.
        ((JavascriptExecutor) browser).executeScript(RECORD_DRAWN_OF_A);

        releaseHeldAnswers.countDown();
        assertThat(keyASent.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("A's answer sent").isTrue();
        // Two more polls of B's view after A's answer arrived: the browser has handled it by then.
        int answered = keyBAnswers.get();
        waiting().until(b -> keyBAnswers.get() >= answered + 2);

        assertThat(((JavascriptExecutor) browser).executeScript("return window.drawnOfA;"))
                .as("what of A's answer was drawn in B's view").asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        assertThat(browser.findElement(By.id("key-name")).getText()).isEqualTo("B");
        assertThat(browser.findElement(By.id("key-facts")).getText()).isEmpty();
        assertThat(browser.findElements(By.cssSelector("path[data-series='actual']"))).isEmpty();
    }

    @Test
    void shouldGiveUpARequestLeftUnansweredAndPollAgain() {
        browser.get(console() + "#/key/silent");

        waiting().until(b -> b.findElement(By.id("status")).getText().contains("no answer"));
        waiting().until(b -> silentAsked.get() >= 2);
    }

    @Test
    void shouldShowWhyAKeyIsRefusedAndStopAskingForIt() {
        browser.get(console() + "#/key/refused");

        waiting().until(b -> b.findElement(By.id("key-note")).getText().contains(REFUSAL));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("key refused");
        // A poll that stopped shows only as requests that never come. The refused key's tab stays open while another
        // tab's key view, polled on the same one-second period, is asked three more times: time enough for the
        // refused view to have asked again had it gone on polling.
        String refusedTab = browser.getWindowHandle();
        int answered = keyBAnswers.get();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(console() + "#/key/B");
        waiting().until(b -> keyBAnswers.get() >= answered + 3);
        browser.close();
        browser.switchTo().window(refusedTab);

        assertThat(refusedAsked.get()).isEqualTo(1);
    }

    @Test
    void shouldSuggestKeysForTheLatestPrefixWhateverOrderTheAnswersCome() throws InterruptedException {
        browser.get(console());
        WebElement search = waiting().until(b -> b.findElement(By.id("search-input")));

        search.sendKeys("s");
        waiting().until(b -> requestedPrefixes.contains("s"));
        search.sendKeys("e");
        assertThat(laterPrefixAnswered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("se answered").isTrue();
        waiting().until(b -> options(b).equals(List.of("se-key")));
        releaseHeldAnswers.countDown();
        assertThat(earlierPrefixAnswered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("s answered").isTrue();
        // The overview polls every 2 s: two more of its answers, and the browser has handled the earlier prefix's.
        int polled = overviewAsked.get();
        waiting().until(b -> overviewAsked.get() >= polled + 2);

        assertThat(options(browser)).containsExactly("se-key");
    }

    /**
     * An answer that fails after one that gave suggestions takes them away, and says the suggestions are unavailable
     * and why: before, the last answer's suggestions and its note stayed as if they were the typed prefix's.
     */
    @Test
    void shouldDropTheLastSuggestionsAndSayWhyWhenTheNextAnswerFails() {
        browser.get(console());
        WebElement search = waiting().until(b -> b.findElement(By.id("search-input")));
        search.sendKeys("r");
        waiting().until(b -> options(b).equals(List.of("r-1", "r-2")));
        awaitNote("suggestions may miss keys: 1 store unreadable");

        search.sendKeys("e");

        awaitNote("suggestions unavailable: " + RESTORING);
        assertThat(options(browser)).isEmpty();

        // a proxy's error page, which gives no reason but its status
        search.sendKeys("s");

        awaitNote("suggestions unavailable: HTTP 502");
        assertThat(options(browser)).isEmpty();

        search.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE);

        waiting().until(b -> options(b).equals(List.of("r-1", "r-2")));
        awaitNote("suggestions may miss keys: 1 store unreadable");
    }

    /** Stores that could not be read now and stores read only in part are noted, each by what brings their keys. */
    @Test
    void shouldSayWhichStoresAreMovingAndWhichWereReadInPart() {
        browser.get(console());
        WebElement search = waiting().until(b -> b.findElement(By.id("search-input")));

        search.sendKeys("t");

        waiting().until(b -> options(b).equals(List.of("t-1")));
        awaitNote("suggestions may miss keys: 1 store moving, 2 stores read in part, type more");
        assertThat(browser.findElement(By.id("search-note")).getAttribute("title")).isEqualTo("The key-state store"
                + " of partition 1 could not be read now, while the partition moves: keys of theirs may be missing"
                + " until it is read again. The key-state stores of partitions 0, 2 hold more than 1,000 keys"
                + " starting as asked, and only the first 1,000 were looked at: type more of the key to reach the"
                + " others");
    }

    /**
     * The overview's key count left out the keys of stores that could not be read now (their partitions moving) as
     * well as a damaged one's: it is shown as a lower bound, and its note names both in the suggestions' words.
     * Before, the stores moving were not named, and the count looked whole but for the damaged store.
     */
    @Test
    void shouldSayBesideTheKeyCountWhichStoresAreMovingAndWhichUnreadable() {
        overview = OVERVIEW_WITHOUT_SOME_STORES;
        browser.get(console());

        waiting().withMessage(() -> "the key count's note reads \"" + browser.findElement(By.id("keys-note"))
                        .getText() + "\"")
                .until(b -> b.findElement(By.id("keys-note")).getText().equals("1 store unreadable, 2 stores moving"));
        assertThat(browser.findElement(By.id("keys")).getText()).isEqualTo("\u2265 1,234");
        // shown whole, not cut by an ellipsis: getText reads the whole text either way
        assertThat(((JavascriptExecutor) browser).executeScript("var note = document.getElementById('keys-note');"
                + " return note.scrollWidth <= note.clientWidth;")).isEqualTo(true);
        assertThat(browser.findElement(By.id("stat-keys")).getAttribute("title")).isEqualTo("At least 1,234 keys with"
                + " state on this instance: the key-state store of partition 0 could not be read through, and their"
                + " keys from there on are not counted. The key-state stores of partitions 2, 3 could not be read"
                + " now, while the partition moves, and their keys are not counted until a count reads them again");
    }

    /**
     * While no store can be read (they restore after a rebalance), the overview's key count is null: the figure keeps
     * the last count, dimmed, and says when it was taken and why there is none now; the next count replaces it.
     */
    @Test
    void shouldKeepTheLastKeyCountWhileNoStoreCanBeRead() {
        overview = OVERVIEW_WITH_TIMELINE;
        browser.get(console());
        waiting().until(b -> b.findElement(By.id("keys")).getText().equals("3"));

        overview = withoutKeyCount(OVERVIEW_WITH_TIMELINE);

        waiting().until(b -> b.findElement(By.id("keys-note")).getText().startsWith("as counted"));
        assertThat(browser.findElement(By.id("keys")).getText()).isEqualTo("3");
        assertThat(browser.findElement(By.id("keys-note")).getText())
                .isEqualTo("as counted at 00:00:06 UTC: no store can be read now, while they restore");
        assertThat(browser.findElement(By.id("keys")).getAttribute("class")).contains("stat-value-stale");

        overview = OVERVIEW_WITH_TIMELINE;

        waiting().until(b -> b.findElement(By.id("keys-note")).getText().equals("with state on this instance"));
        assertThat(browser.findElement(By.id("keys")).getAttribute("class")).doesNotContain("stat-value-stale");
    }

    /** Opened while no store can be read, the console says the stores restore rather than show no count. */
    @Test
    void shouldSayTheStoresRestoreBeforeAnyKeyCount() {
        overview = withoutKeyCount(OVERVIEW_WITH_TIMELINE);
        browser.get(console());

        waiting().until(b -> b.findElement(By.id("keys")).getText().equals("restoring"));
        assertThat(browser.findElement(By.id("keys-note")).getText())
                .isEqualTo("not counted: no store can be read now, while they restore");
    }

    /** {@code answer} as an instance gives it while none of its stores can be read, rebalancing. */
    private static String withoutKeyCount(String answer) {
        return answer.replace("\"streams\":\"RUNNING\"", "\"streams\":\"REBALANCING\"")
                .replaceFirst("\"keys\":\\d+,\"keys_exact\":true,\"keys_unreadable_partitions\":\\[\\],"
                        + "\"keys_unavailable_partitions\":\\[\\]", "\"keys\":null,\"keys_exact\":false,"
                        + "\"keys_unreadable_partitions\":null,\"keys_unavailable_partitions\":null");
    }

    /**
     * Text with half a character (a lone UTF-16 surrogate, as a paste cut in two leaves) cannot be percent-encoded:
     * asking for its suggestions fails, and says why, like any request that fails, and so does opening it. Before,
     * encodeURIComponent threw outside the request's handling: the last suggestions stayed, and nothing was said.
     */
    @Test
    void shouldSayWhyTextWithHalfACharacterHasNoSuggestionsAndCannotBeOpened() {
        browser.get(console());
        WebElement search = waiting().until(b -> b.findElement(By.id("search-input")));
        search.sendKeys("r");
        waiting().until(b -> options(b).equals(List.of("r-1", "r-2")));

        // a paste: no keyboard types half a character
        ((JavascriptExecutor) browser).executeScript("var input = arguments[0];"
                + " input.value = 'r\\uD83D'; input.dispatchEvent(new Event('input'));", search);

        awaitNote("suggestions unavailable: the text holds half a character (a lone UTF-16 surrogate), which no key"
                + " holds");
        assertThat(options(browser)).isEmpty();

        search.sendKeys(Keys.ENTER);

        awaitNote("cannot open the key: the text holds half a character (a lone UTF-16 surrogate), which no key"
                + " holds");
        assertThat(((JavascriptExecutor) browser).executeScript("return location.hash;")).isEqualTo("");
    }

    /** Waits until the note beside the search box reads {@code expected}; fails with what it read last if not. */
    private void awaitNote(String expected) {
        waiting().withMessage(() -> "the note beside the search box reads \"" + note(browser) + "\"")
                .until(b -> note(b).equals(expected));
    }

    /** The note beside the search box as shown: empty while it is hidden. */
    private static String note(WebDriver browser) {
        return browser.findElement(By.id("search-note")).getText();
    }

    private static List<String> options(WebDriver browser) {
        return browser.findElements(By.cssSelector("#key-suggestions option")).stream()
                .map(o -> o.getAttribute("value")).toList();
    }

    @Test
    void shouldOpenAKeyWhoseAddressHoldsABarePercentSign() {
        browser.get(console() + "#/key/B");
        waiting().until(b -> b.findElement(By.id("key-name")).getText().equals("B"));

        ((JavascriptExecutor) browser).executeScript("location.hash = '#/key/100%';");

        waiting().until(b -> b.findElement(By.id("key-name")).getText().equals("100%"));
    }

    @Test
    void shouldLabelTheGridOfLargeValuesThatVaryLittleEachDifferently() {
        browser.get(console());
        waiting().until(b -> ((JavascriptExecutor) b).executeScript("return !!window.StreamcastChart;"));

        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                var box = document.createElement('div');
                document.body.appendChild(box);
                window.StreamcastChart.draw(box, { x: [1, 2, 3], series: [
                  { id: 'v', kind: 'line', values: [20000, 20005, 20010] }] });
                return Array.from(box.querySelectorAll('.chart-grid text')).map(function (t) { return t.textContent; });
                """);

        assertThat(labels).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
    }

    /**
     * Values accepted go up to 1e18, where doubles lie 128 apart: a key near 1e16 that varies by a few units (a byte
     * counter, say) has a grid step below the spacing of its values, and a grid stepped by adding would never reach
     * its top.
     */
    @Test
    void shouldDrawTheGridOfValuesThatVaryByLessThanTheirPrecision() {
        browser.get(console());
        waiting().until(b -> ((JavascriptExecutor) b).executeScript("return !!window.StreamcastChart;"));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));

        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                var box = document.createElement('div');
                document.body.appendChild(box);
                window.StreamcastChart.draw(box, { x: [1, 2, 3], series: [
                  { id: 'v', kind: 'line', values: [1e16, 1e16 + 2, 1e16 + 4] }] });
                return Array.from(box.querySelectorAll('.chart-grid text')).map(function (t) { return t.textContent; });
                """);

        assertThat(labels).isNotEmpty().doesNotHaveDuplicates();
        assertThat(browser.findElements(By.cssSelector("path[data-series='v']"))).hasSize(1);
    }

    @Test
    void shouldShowALineOfOnePoint() {
        browser.get(console());
        waiting().until(b -> ((JavascriptExecutor) b).executeScript("return !!window.StreamcastChart;"));

        Object dots = ((JavascriptExecutor) browser).executeScript("""
                var box = document.createElement('div');
                document.body.appendChild(box);
                window.StreamcastChart.draw(box, { x: [1, 2], series: [
                  { id: 'v', kind: 'line', values: [null, 7] }] });
                return box.querySelectorAll('circle.chart-lone-point').length;
                """);

        assertThat(dots).isEqualTo(1L);
    }

    /**
     * Every time the console shows is in UTC, as its status line and tables say: so are its overview charts' time
     * axes, whatever the browser's time zone. Before, they were in the browser's, where 00:00:02 UTC read 05:30:02.
     */
    @Test
    void shouldLabelTheOverviewsTimeAxesInUtcInAnyTimeZone() {
        overview = OVERVIEW_WITH_TIMELINE;
        cdp("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Kolkata"));
        try {
            browser.get(console());

            waiting().until(b -> !xLabels(b, "chart-throughput").isEmpty());
            assertThat(xLabels(browser, "chart-throughput")).first().isEqualTo("00:00:02");
            assertThat(xLabels(browser, "chart-error")).first().isEqualTo("00:00:02");
            assertThat(browser.findElement(By.cssSelector("#view")).getText()).contains("times in UTC");
        } finally {
            cdp("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
        }
    }

    /**
     * A minute's bar is labelled by the minute it counts, as a clock reads while they happen: the anomalies of
     * 00:00:02 to 00:00:06 under 00:00. Before, under the minute's end, 00:01, a time not reached yet while they were
     * the last minute's.
     */
    @Test
    void shouldLabelEachMinutesAnomaliesByTheMinuteTheyHappenedIn() {
        overview = OVERVIEW_WITH_TIMELINE;
        browser.get(console());

        waiting().until(b -> !xLabels(b, "chart-anomalies").isEmpty());
        assertThat(xLabels(browser, "chart-anomalies")).containsExactly("00:00");
        assertThat(browser.findElements(By.cssSelector("#chart-anomalies [data-series='anomalies'] rect"))).hasSize(1);
    }

    /**
     * On a phone's width (400 px) the page fits: no view is wider than the window, and the header's status and search
     * box, and each figure's label, are shown whole. Before, the header ran 380 px past the window's edge, the status
     * with it, and labels such as "Predictions / s" ran out of their cards.
     */
    @Test
    void shouldFitTheOverviewAndAKeyIntoAPhonesWidth() {
        overview = OVERVIEW_WITH_TIMELINE;
        releaseHeldAnswers.countDown();
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", 400, "height", 800, "deviceScaleFactor", 1,
                "mobile", true));
        try {
            browser.get(console());
            waiting().until(b -> b.findElement(By.id("status")).getText().startsWith("RUNNING"));

            assertThat(overflowing(browser)).as("what runs past the window's edge or out of its box").isEmpty();

            browser.get(console() + "#/key/A");
            waiting().until(b -> b.findElement(By.id("status")).getText().startsWith("key served by"));

            assertThat(overflowing(browser)).as("what runs past the window's edge or out of its box").isEmpty();
        } finally {
            cdp("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /**
     * A key's times are long labels (2026-01-01 00:00): in a chart a phone's width leaves them, fewer are shown, none
     * over another. Before, three were set 123 px apart, each about 100 px wide, the first two overlapping.
     */
    @Test
    void shouldNotSetTheTimeLabelsOfAKeysChartOverEachOtherOnAPhone() {
        releaseHeldAnswers.countDown();
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", 400, "height", 800, "deviceScaleFactor", 1,
                "mobile", true));
        try {
            browser.get(console() + "#/key/A");
            waiting().until(b -> !xLabels(b, "chart-key").isEmpty());

            @SuppressWarnings("unchecked")
            List<String> overlaps = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                    var out = [];
                    ['chart-key', 'chart-likelihood'].forEach(function (id) {
                      var boxes = Array.from(document.querySelectorAll('#' + id + ' text.chart-x-label'))
                        .map(function (t) { return [t.textContent, t.getBoundingClientRect()]; });
                      for (var i = 1; i < boxes.length; i++) {
                        if (boxes[i][1].left < boxes[i - 1][1].right) {
                          out.push(boxes[i - 1][0] + ' / ' + boxes[i][0]);
                        }
                      }
                    });
                    return out;
                    """);

            assertThat(overlaps).as("labels set over each other").isEmpty();
            assertThat(xLabels(browser, "chart-key")).hasSizeGreaterThanOrEqualTo(2);
        } finally {
            cdp("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /**
     * The page, if it is wider than the window, the header's parts that end past its right edge, and the figures'
     * labels wider than their boxes.
     */
    @SuppressWarnings("unchecked")
    private static List<String> overflowing(WebDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                var out = [];
                var width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth > width) {
                  out.push('the page, ' + document.documentElement.scrollWidth + ' px wide in ' + width);
                }
                document.querySelectorAll('header *').forEach(function (n) {
                  var box = n.getBoundingClientRect();
                  if (box.width > 0 && box.right > width + 0.5) {
                    out.push((n.id || n.className) + ' ends at ' + box.right);
                  }
                });
                document.querySelectorAll('.stat-label').forEach(function (n) {
                  if (n.scrollWidth > n.clientWidth) { out.push('the label ' + n.textContent); }
                });
                return out;
                """);
    }

    /**
     * When the instance stops answering, its last figures stay on the page: they are marked as such, and a banner says
     * since when and why, until it answers again. Before, the figures stayed as if live (500 events a second from a
     * stopped demo) and the status read the browser's words, "Failed to fetch".
     */
    @Test
    void shouldMarkTheLastFiguresWhileTheInstanceDoesNotAnswer() {
        overview = OVERVIEW_WITH_TIMELINE;
        browser.get(console());
        waiting().until(b -> b.findElement(By.id("events-rate")).getText().equals("10"));
        assertThat(browser.findElement(By.id("no-answer")).isDisplayed()).as("a banner while it answers").isFalse();

        // a proxy in front of it answers for it
        overview = null;

        waiting().until(b -> b.findElement(By.id("no-answer")).isDisplayed());
        assertThat(browser.findElement(By.id("no-answer")).getText()).matches("No answer from the instance since"
                + " \\d\\d:\\d\\d:\\d\\d UTC \\(HTTP 502\\): what is shown is from its last answer\\.");
        assertThat(browser.findElement(By.id("view")).getAttribute("class")).contains("stale");

        overview = OVERVIEW_WITH_TIMELINE;

        waiting().until(b -> !b.findElement(By.id("no-answer")).isDisplayed());
        assertThat(browser.findElement(By.id("view")).getAttribute("class")).doesNotContain("stale");

        // the instance stops
        instance.stop(0);

        waiting().until(b -> b.findElement(By.id("no-answer")).isDisplayed());
        assertThat(browser.findElement(By.id("no-answer")).getText()).contains("(cannot reach the instance)");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("cannot reach the instance");
    }

    /**
     * Right after the start the timeline has one sample and no forecast scored: the error chart says so rather than
     * draw empty axes under the persistence line, and the time axis names its one time once. Before, the reference
     * line counted as data, and a one-sample axis read the same time three times.
     */
    @Test
    void shouldSayTheErrorChartIsEmptyAndNameASingleSamplesTimeOnce() {
        overview = OVERVIEW_WITH_TIMELINE.replace("[1767225602000,1767225604000,1767225606000]", "[1767225602000]")
                .replace("\"forecast_error\":[0.9,0.9,0.9]", "\"forecast_error\":[null]");
        browser.get(console());

        waiting().until(b -> !xLabels(b, "chart-throughput").isEmpty());
        assertThat(xLabels(browser, "chart-throughput")).containsExactly("00:00:02");
        assertThat(browser.findElement(By.id("chart-error")).getText()).isEqualTo("No forecasts scored yet");
        // two samples a second apart, on an axis of whole seconds: each second named once
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                var box = document.createElement('div');
                document.body.appendChild(box);
                window.StreamcastChart.draw(box, { x: [2000, 3000], xFormat: function (ms) {
                  return Math.floor(ms / 1000) + ' s'; }, series: [{ id: 'v', kind: 'line', values: [1, 2] }] });
                return Array.from(box.querySelectorAll('text.chart-x-label'))
                  .map(function (t) { return t.textContent; });
                """);
        assertThat(labels).containsExactly("2 s", "3 s");
    }

    /**
     * Anomalies are counted whole: the per-minute chart's axis reads 0, 2, 4, 6, not 2.00 or 20.0 anomalies, nor
     * half an anomaly for a minute of one.
     */
    @Test
    void shouldCountAnomaliesPerMinuteInWholeNumbers() {
        overview = OVERVIEW_WITH_TIMELINE;
        browser.get(console());
        waiting().until(b -> !xLabels(b, "chart-anomalies").isEmpty());

        assertThat(yLabels(browser, "chart-anomalies")).containsExactly("0", "2", "4", "6");

        overview = OVERVIEW_WITH_TIMELINE.replace("\"anomalies\":[3,4,0]", "\"anomalies\":[1,0,0]");

        waiting().until(b -> yLabels(b, "chart-anomalies").contains("1"));
        assertThat(yLabels(browser, "chart-anomalies")).containsExactly("0", "1");
    }

    /** The labels of chart {@code id}'s value (y) axis, bottom to top. */
    @SuppressWarnings("unchecked")
    private static List<String> yLabels(WebDriver browser, String id) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                + ".querySelectorAll('#' + arguments[0] + ' .chart-grid text:not(.chart-x-label)')).map(function (t) {"
                + " return t.textContent; });", id);
    }

    /**
     * The training history read holds the latest 200 rounds, so its oldest is not the first once more have ended
     * (after ten minutes of the demo): the chart's axis names rounds by when they started, as the table does. Before,
     * it numbered them from the oldest read, "round 1" for whichever that was.
     */
    @Test
    void shouldNameTheTrainingRoundsOnTheChartByWhenTheyStarted() {
        overview = OVERVIEW_WITH_TIMELINE;
        training = """
                {"rounds":[
                 {"started_at":"2026-01-01T06:00:00Z","duration_ms":1500,"verdict":"not_better","windows":600,
                  "keys":20,"train_loss":0.1,"candidate_loss":0.14,"reference_loss":0.13,"reference_version":1,
                  "published_version":0,"error":null},
                 {"started_at":"2026-01-01T00:00:00Z","duration_ms":1500,"verdict":"publish","windows":500,
                  "keys":20,"train_loss":0.1,"candidate_loss":0.15,"reference_loss":0.16,"reference_version":0,
                  "published_version":1,"error":null}]}""";
        browser.get(console());

        waiting().until(b -> !b.findElements(By.cssSelector("#training-rows tr.round-row")).isEmpty());
        // within a day by their time of day
        assertThat(xLabels(browser, "chart-training")).containsExactly("00:00:00", "06:00:00");

        training = training.replace("2026-01-01T06:00:00Z", "2026-01-03T06:00:00Z");

        // over days with their dates
        waiting().until(b -> xLabels(b, "chart-training").contains("2026-01-03 06:00"));
        assertThat(xLabels(browser, "chart-training")).containsExactly("2026-01-01 00:00", "2026-01-03 06:00");
    }

    /**
     * At the browser's width of 1,440 px the recent anomalies show every column, the cause included, and the training
     * rounds theirs, without scrolling sideways. Before, the anomalies' table was 49 px wider than its card at 1,400 px
     * and 3 px at any width, its last column, the cause, cut off.
     */
    @Test
    void shouldShowEveryColumnOfTheAnomaliesAndTheRoundsAtADesktopsWidth() {
        // enough rows for the table to scroll down, as it does after a minute of the demo
        String anomaly = """
                {"key":"sensor-012","event_time":"2026-01-13T03:50:00Z","actual":-586.2562255859375,
                 "forecast":35081.4765625,"likelihood":0.16666666666666663,"model_version":5,"cause":"volatility"}""";
        overview = OVERVIEW_WITH_TIMELINE.replace("\"anomalies\":[],",
                "\"anomalies\":[" + String.join(",", Collections.nCopies(30, anomaly)) + "],");
        training = """
                {"rounds":[{"started_at":"2026-12-07T09:03:30.123Z","duration_ms":1500,"verdict":"not_better",
                  "windows":1659,"keys":20,"train_loss":0.1,"candidate_loss":0.1368,"reference_loss":0.1374,
                  "reference_version":4,"published_version":0,"error":null}]}""";
        browser.get(console());
        waiting().until(b -> !b.findElements(By.cssSelector("#anomaly-rows tr")).isEmpty()
                && !b.findElements(By.cssSelector("#training-rows tr.round-row")).isEmpty());

        Object cut = ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('.table-wrap'))
                  .filter(function (w) { return w.scrollWidth > w.clientWidth; })
                  .map(function (w) { return w.firstChild.id + ' ' + w.scrollWidth + ' px in ' + w.clientWidth; });
                """);
        assertThat(cut).asInstanceOf(InstanceOfAssertFactories.LIST).as("tables cut off").isEmpty();
    }

    @Test
    void shouldCountASingleAnomalyOfAKeyInTheSingular() {
        browser.get(console() + "#/key/flagged");

        waiting().until(b -> b.findElement(By.id("key-note")).getText().startsWith("3 latest events"));
        assertThat(browser.findElement(By.id("key-note")).getText()).contains("; 1 flagged as an anomaly.");
    }

    /**
     * A key's first events, in its learning period, are shaded on both charts and labelled as not scored, and the view
     * says under the likelihood which events are not scored, and that this key's next 197 are not.
     */
    @Test
    void shouldShadeAndNameTheEventsOfAKeyInItsLearningPeriod() {
        browser.get(console() + "#/key/young");

        waiting().until(b -> b.findElement(By.id("scoring-note")).getText().contains("learns this key"));
        for (String chart : List.of("chart-key", "chart-likelihood")) {
            assertThat(spans(chart)).as(chart).containsExactly("learning");
            assertThat(browser.findElement(By.cssSelector("#" + chart + " g[data-span='learning'] text")).getText())
                    .as(chart).isEqualTo("learning this key: not scored");
        }
        // in the chip's words: before, the shading and the legend read "learning: not scored"
        assertThat(browser.findElement(By.cssSelector("#legend-likelihood .legend-sw-learning")).getText())
                .isEqualTo("learning this key: not scored");
        // in plain words: before, "... After each new model version, the forecast errors are not judged for 600
        // errors, ..."
        assertThat(browser.findElement(By.id("scoring-note")).getText()).isEqualTo("A key\u2019s first 200 events only"
                + " teach the detector: they are not scored. After each new model version, the next 600 forecast errors"
                + " are not judged, as the detector learns the new model\u2019s errors; the value\u2019s range and"
                + " daily rhythm are still checked. Its next 197 events are not judged while the detector learns this"
                + " key.");
        assertThat(browser.findElement(By.id("scoring-chip")).getText())
                .isEqualTo("learning this key: 197 events left");
        assertThat(spanTitle("chart-key", "learning")).isEqualTo("A key\u2019s first 200 events only teach the"
                + " detector: their likelihood is 0 whatever they do (setting: anomaly.learning.period).");
        assertThat(browser.findElement(By.cssSelector("#legend-likelihood .legend-sw-learning")).isDisplayed())
                .isTrue();
        assertThat(browser.findElement(By.cssSelector("#legend-likelihood .legend-sw-relearning")).isDisplayed())
                .isFalse();
        assertThat(swatchHeight("learning")).as("the learning swatch's height: a patch, as the shading is, not a line")
                .isGreaterThanOrEqualTo(8);
    }

    /** After a new model version the key's relearning is shaded from the version's first event on, and counted. */
    @Test
    void shouldShadeAndCountTheRelearningOfAKeysForecastErrors() {
        browser.get(console() + "#/key/relearner");

        waiting().until(b -> b.findElement(By.id("scoring-note")).getText().contains("learns the new model."));
        assertThat(browser.findElement(By.id("scoring-note")).getText()).startsWith("A key\u2019s first 200 events"
                + " only teach the detector");
        assertThat(spans("chart-key")).containsExactly("relearning");
        // the chip's unit, forecast errors: before, "... not judged for the next 412 events ..."
        assertThat(browser.findElement(By.id("scoring-note")).getText())
                .endsWith(" Its next 412 forecast errors are not judged while the detector learns the new model.");
        assertThat(browser.findElement(By.id("scoring-chip")).getText())
                .isEqualTo("learning the new model: 412 errors left");
        assertThat(spanTitle("chart-likelihood", "relearning")).isEqualTo("After a new model version, the next 600"
                + " forecast errors are not judged while the detector learns the new model; the value\u2019s range and"
                + " daily rhythm are still checked (setting: anomaly.relearning.period).");
        // in the chip's words: before, the shading and the legend read "relearning: errors not scored"
        assertThat(browser.findElement(By.cssSelector("#chart-key g[data-span='relearning'] text")).getText())
                .isEqualTo("learning the new model: errors not judged");
        assertThat(browser.findElement(By.cssSelector("#legend-key .legend-sw-relearning")).getText())
                .isEqualTo("learning the new model: errors not judged");
        assertThat(swatchHeight("relearning")).as("the relearning swatch's height").isGreaterThanOrEqualTo(8);

        // An owner of an earlier release names no scoring: nothing shaded, the note in general words.
        browser.get(console() + "#/key/flagged");
        waiting().until(b -> b.findElement(By.id("key-note")).getText().startsWith("3 latest events"));
        assertThat(spans("chart-key")).isEmpty();
        assertThat(browser.findElement(By.id("scoring-note")).getText()).isEqualTo("A key\u2019s first events only"
                + " teach the detector: they are not scored. After each new model version, the forecast errors are not"
                + " judged for a while, as the detector learns the new model\u2019s errors; the value\u2019s range"
                + " and daily rhythm are still checked.");
        assertThat(browser.findElements(By.id("scoring-chip"))).isEmpty();
    }

    /**
     * A shaded stretch's label on the key's chart is set away from the values it shades: a counter at 0 through its
     * learning period has them at the chart's bottom, and the label goes to its top, clear of the lines' points.
     * Before, the label was set along the bottom whatever the values, where low ones met it.
     */
    @Test
    void shouldSetTheLabelOfAShadedStretchAwayFromTheValuesItShades() {
        browser.get(console() + "#/key/counter");

        waiting().until(b -> !spans("chart-key").isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, Number> at = (Map<String, Number>) ((JavascriptExecutor) browser).executeScript("""
                var chart = document.getElementById('chart-key');
                var label = chart.querySelector('g.chart-span text').getBBox();
                var plot = chart.querySelector('g.chart-span rect').getBBox();
                var nearest = Infinity;
                chart.querySelectorAll('path[data-series]').forEach(function (path) {
                  (path.getAttribute('d').match(/-?[0-9.]+,-?[0-9.]+/g) || []).forEach(function (p) {
                    var x = Number(p.split(',')[0]), y = Number(p.split(',')[1]);
                    if (x >= label.x - 4 && x <= label.x + label.width + 4) {
                      nearest = Math.min(nearest, Math.max(0, label.y - y, y - label.y - label.height));
                    }
                  });
                });
                return { middle: label.y + label.height / 2 - plot.y, plot: plot.height, nearest: nearest };
                """);

        assertThat(at.get("middle").doubleValue()).as("the label's middle, px below the plot's top")
                .isLessThan(at.get("plot").doubleValue() / 2);
        assertThat(at.get("nearest").doubleValue()).as("how near the lines' points come to the label, px")
                .isGreaterThanOrEqualTo(3);
    }

    /**
     * A stretch too narrow for its whole label is labelled in short, on both charts: before, a stretch under about 234
     * px (the relearning's label) or 168 px (the learning's) was labelled not at all.
     */
    @Test
    void shouldLabelAStretchTooNarrowForItsLabelInShort() {
        browser.get(console() + "#/key/narrow");

        waiting().until(b -> spans("chart-likelihood").size() == 2);
        for (String chart : List.of("chart-key", "chart-likelihood")) {
            double width = ((Number) ((JavascriptExecutor) browser).executeScript("return document.querySelector('#'"
                    + " + arguments[0] + ' g[data-span=\"learning\"] rect').getBBox().width;", chart)).doubleValue();
            assertThat(width).as(chart + ": the learning stretch's width, px, under its whole label's")
                    .isBetween(60.0, 160.0);
            assertThat(spanLabel(chart, "learning")).as(chart).isEqualTo("learning");
            assertThat(spanLabel(chart, "relearning")).as(chart).isEqualTo("relearning");
        }
    }

    /**
     * A key's forecast errors that were all exactly 0 start afresh at their first that is not, with no new model
     * version: the chip, the note, the stretch's label and the legend say they are learnt afresh, and the stretch's
     * hover text why. Before, they all said the detector learnt a new model.
     */
    @Test
    void shouldNotBlameANewModelForErrorsThatRelearnAfterAllWereZero() {
        browser.get(console() + "#/key/zeros");

        waiting().until(b -> !spans("chart-key").isEmpty());
        assertThat(browser.findElement(By.id("scoring-chip")).getText())
                .isEqualTo("learning errors afresh: 412 errors left");
        assertThat(browser.findElement(By.id("scoring-note")).getText()).endsWith(" Its next 412 forecast errors are"
                + " not judged while the detector learns them afresh, after a run of forecast errors all exactly 0.");
        for (String chart : List.of("chart-key", "chart-likelihood")) {
            assertThat(spanLabel(chart, "relearning")).as(chart).isEqualTo("learning errors afresh: not judged");
        }
        assertThat(browser.findElement(By.cssSelector("#legend-key .legend-sw-relearning")).getText())
                .isEqualTo("learning errors afresh: not judged");
        assertThat(spanTitle("chart-key", "relearning")).isEqualTo("The forecast errors were all exactly 0 before"
                + " this stretch, so its first that is not 0 starts them afresh: the next 600 are not judged while the"
                + " detector learns them; the value\u2019s range and daily rhythm are still checked (setting:"
                + " anomaly.relearning.period).");
    }

    /** The label of chart {@code id}'s first shaded stretch of kind {@code span}; null when it has none. */
    private static String spanLabel(String id, String span) {
        return (String) ((JavascriptExecutor) browser).executeScript("var t = document.querySelector('#' + arguments[0]"
                + " + ' g[data-span=\"' + arguments[1] + '\"] text'); return t ? t.textContent : null;", id, span);
    }

    /**
     * On the likelihood chart a shaded stretch's label is set clear of the threshold's line and label and of the
     * likelihood, which lie at its bottom when the threshold is low (0.0253 in the demo). Before, the label was set
     * along the bottom, over the threshold's label and line.
     */
    @Test
    void shouldSetTheLabelOfAShadedStretchClearOfTheThresholdAndTheLikelihood() {
        browser.get(console() + "#/key/low-threshold");

        waiting().until(b -> !spans("chart-likelihood").isEmpty());
        @SuppressWarnings("unchecked")
        List<String> crossed = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                var chart = document.getElementById('chart-likelihood');
                var label = chart.querySelector('g.chart-span text').getBoundingClientRect();
                var others = [['threshold line', '.ref-threshold line'], ['threshold label', '.ref-threshold text'],
                  ['likelihood', '[data-series="likelihood"]']];
                return others.filter(function (o) {
                  var b = chart.querySelector(o[1]).getBoundingClientRect();
                  return b.left < label.right && label.left < b.right && b.top <= label.bottom && label.top <= b.bottom;
                }).map(function (o) { return o[0]; });
                """);

        assertThat(crossed).as("what the stretch's label is set over").isEmpty();
    }

    /**
     * The likelihood's axis is scaled to the threshold: with the demo's 0.0253 on a fixed 0 to 1 axis the threshold and
     * the likelihood were squashed against the bottom, 2.5 % of the way up. The legend names the axis's range.
     */
    @Test
    void shouldScaleTheLikelihoodsAxisSoThatALowThresholdSitsWellAboveTheBottom() {
        browser.get(console() + "#/key/low-threshold");

        waiting().until(b -> !spans("chart-likelihood").isEmpty());
        double height = ((Number) ((JavascriptExecutor) browser).executeScript("""
                var chart = document.getElementById('chart-likelihood');
                var plot = chart.querySelector('g.chart-span rect').getBoundingClientRect();
                var line = chart.querySelector('.ref-threshold line').getBoundingClientRect();
                return (plot.bottom - line.top) / plot.height;
                """)).doubleValue();

        assertThat(height).as("the threshold's height, as a share of the plot's").isBetween(0.25, 0.75);
        assertThat(browser.findElement(By.id("likelihood-axis")).getText())
                .isEqualTo("axis 0 to 0.08, zoomed in (the likelihood runs to 1)");
        assertThat(yLabels("chart-likelihood")).containsExactly("0.00", "0.02", "0.04", "0.06", "0.08");
    }

    /** A likelihood above the threshold's scale widens the axis to it: an anomaly is drawn inside the plot. */
    @Test
    void shouldWidenTheLikelihoodsAxisToTheHighestLikelihoodShown() {
        browser.get(console() + "#/key/low-threshold-anomaly");

        waiting().until(b -> !b.findElements(By.cssSelector("#chart-likelihood [data-series='anomaly-likelihood']"
                + " circle")).isEmpty());
        double above = ((Number) ((JavascriptExecutor) browser).executeScript("""
                var chart = document.getElementById('chart-likelihood');
                var tops = Array.from(chart.querySelectorAll('.chart-grid line')).map(function (l) {
                  return l.getBoundingClientRect().top; });
                var dot = chart.querySelector('[data-series="anomaly-likelihood"] circle').getBoundingClientRect();
                return Math.min.apply(null, tops) - (dot.top + dot.height / 2);
                """)).doubleValue();

        assertThat(above).as("how far the anomaly is drawn above the axis's top level, px").isLessThanOrEqualTo(0.5);
        assertThat(browser.findElement(By.id("likelihood-axis")).getText()).isEqualTo("axis 0 to 1");
    }

    /**
     * The likelihood chart marks new model versions as the values' chart does, so that its relearning stretch starts at
     * a mark that says why; the stretch's label is set below the mark's label, not over it.
     */
    @Test
    void shouldMarkNewModelVersionsOnTheLikelihoodChart() {
        browser.get(console() + "#/key/relearner");

        waiting().until(b -> !spans("chart-likelihood").isEmpty());
        @SuppressWarnings("unchecked")
        List<String> marks = (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                + ".querySelectorAll('#chart-likelihood g.chart-mark')).map(function (g) {"
                + " return g.querySelector('line') ? g.textContent : null; });");
        assertThat(marks).containsExactly("v2");
        boolean crossed = (Boolean) ((JavascriptExecutor) browser).executeScript("""
                var chart = document.getElementById('chart-likelihood');
                var a = chart.querySelector('g.chart-span text').getBoundingClientRect();
                var b = chart.querySelector('.chart-mark-label').getBoundingClientRect();
                return b.left < a.right && a.left < b.right && b.top < a.bottom && a.top < b.bottom;
                """);
        assertThat(crossed).as("the stretch's label set over the mark's").isFalse();
        assertThat(browser.findElement(By.cssSelector("#legend-likelihood .legend-sw-model")).isDisplayed()).isTrue();
    }

    /** The labels of chart {@code id}'s value (y) axis, bottom to top. */
    @SuppressWarnings("unchecked")
    private static List<String> yLabels(String id) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                + ".querySelectorAll('#' + arguments[0] + ' .chart-grid text:not(.chart-x-label)')).map(function (t) {"
                + " return t.textContent; });", id);
    }

    /**
     * The height in px of the key chart's legend swatch of a shaded stretch ({@code learning} or {@code relearning}).
     * Before, the swatches of the shading were drawn 3 px high, as the lines' are, and read as a line drawn in a
     * colour no line had.
     */
    private static long swatchHeight(String stretch) {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return document.querySelector('#legend-key"
                + " .legend-sw-' + arguments[0] + ' .swatch').getBoundingClientRect().height;", stretch)).longValue();
    }

    /** The hover text of chart {@code id}'s first shaded stretch of kind {@code span}. */
    private static String spanTitle(String id, String span) {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.querySelector('#' + arguments[0]"
                + " + ' g[data-span=\"' + arguments[1] + '\"] title').textContent;", id, span);
    }

    /** The shaded stretches of chart {@code id}, by what they are, left to right. */
    @SuppressWarnings("unchecked")
    private static List<String> spans(String id) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                + ".querySelectorAll('#' + arguments[0] + ' g.chart-span')).map(function (g) {"
                + " return g.getAttribute('data-span'); });", id);
    }

    /** A key's answer whose series names how far each of its events, ten minutes apart, was scored. */
    private static String keyWithScoring(String key, String scoring, String versions, String progress) {
        return keyWithScoring(key, scoring, versions, progress,
                String.join(",", Collections.nCopies(versions.split(",").length, "1.0")));
    }

    /** The same, with these actual values, each forecast equal to its value. */
    private static String keyWithScoring(String key, String scoring, String versions, String progress,
                                         String actual) {
        int points = versions.split(",").length;
        String times = String.join(",", IntStream.range(0, points)
                .mapToObj(i -> Long.toString(1_767_225_600_000L + 600_000L * i)).toList());
        String nulls = String.join(",", Collections.nCopies(points, "null"));
        String zeros = String.join(",", Collections.nCopies(points, "0.0"));
        String flags = String.join(",", Collections.nCopies(points, "false"));
        return "{\"key\":\"" + key + "\",\"served_by\":\"instance-a:8080\",\"threshold\":0.5,"
                + "\"state\":{\"key\":\"" + key + "\",\"event_count\":" + points + ",\"last_event_time\":"
                + "\"2026-01-01T00:50:00Z\",\"model_version\":0,\"forecast\":[[1.0]],\"likelihood\":0.0,"
                + "\"log_likelihood\":0.0,\"anomaly\":false,\"scoring\":" + progress + "},"
                + "\"series\":{\"time\":[" + times + "],\"actual\":[" + actual + "],\"forecast\":[" + actual
                + "],\"lower\":[" + nulls + "],\"upper\":[" + nulls + "],\"likelihood\":[" + zeros
                + "],\"anomaly\":[" + flags + "],\"scoring\":[" + scoring + "],\"model_version\":[" + versions
                + "],\"next_forecast\":1.0,\"next_lower\":null,\"next_upper\":null}}";
    }

    /** The labels of chart {@code id}'s time (x) axis, left to right. */
    @SuppressWarnings("unchecked")
    private static List<String> xLabels(WebDriver browser, String id) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                + ".querySelectorAll('#' + arguments[0] + ' text.chart-x-label')).map(function (t) {"
                + " return t.textContent; });", id);
    }

    /** Sends a command of Chromium's DevTools protocol to the browser's page. */
    private static void cdp(String command, Map<String, Object> parameters) {
        ((HasCdp) browser).executeCdpCommand(command, parameters);
    }

    /** A stand-in's answer. */
    private record Answer(int status, String type, String body) {
    }
}
