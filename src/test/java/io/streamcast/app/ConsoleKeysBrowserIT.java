package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.HeadlessChromium;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Keys that a browser, or a script that tidies input, does not pass on as they are, opened in the web console in a
 * real browser (Debian's Chromium) against a real instance and broker: the console must show each such key's own
 * state.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleKeysBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long T0 = 1_700_000_000_000L;
    /**
     * Keys that are not UTF-8, as Kafka's LongSerializer writes ids 200 and 456: 00 00 00 00 00 00 00 C8 and 00 00 00
     * 00 00 00 01 C8, with 8 and 10 events.
     */
    private static final byte[] ID_200 = {0, 0, 0, 0, 0, 0, 0, (byte) 0xC8};
    private static final byte[] ID_456 = {0, 0, 0, 0, 0, 0, 1, (byte) 0xC8};
    /** A key that is not UTF-8 whose bytes start printable, with 11 events: "id" and 0xC8, written out id\xC8. */
    private static final byte[] ID_TEXT = {'i', 'd', (byte) 0xC8};
    /** A UTF-8 key whose text is what the console shows for {@link #ID_200}: the two must not look the same. */
    private static final String LOOKALIKE = "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xC8";
    /**
     * Each key with its own number of events, so that a view's event count tells whose state it shows; one instance
     * and one browser serve every test (each starts afresh from a blank page).
     */
    private static final Map<String, Integer> EVENTS = new LinkedHashMap<>();

    static {
        EVENTS.put(".", 2);
        EVENTS.put("..", 3);
        EVENTS.put("", 4);
        EVENTS.put(" pump 7 ", 5);
        EVENTS.put("pump 7", 6);
        EVENTS.put("  ", 7);
        EVENTS.put(LOOKALIKE, 9);
    }

    private StreamcastFixture app;
    private StreamcastNode node;
    private WebDriver browser;

    @BeforeAll
    void start(KafkaCluster kafka, @TempDir Path browserProfile) {
        HeadlessChromium.assumeInstalled();
        app = new StreamcastFixture(kafka, Map.of());
        node = OpsHttp.startNode(app, Map.of());
        produce(app, EVENTS);
        produce(app, Map.of(ID_200, 8, ID_456, 10, ID_TEXT, 11));
        browser = HeadlessChromium.start(browserProfile);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /**
     * "." and ".." are keys like any other, but in a URL's path they are dot segments, which a browser resolves away
     * (also percent-encoded, as %2E), so a query for them by path never names them.
     */
    @Test
    void shouldOpenKeysThatAreDotSegmentsByTheirAddress() {
        for (String key : List.of(".", "..")) {
            // A page of its own for each key, so that no status of the previous view is read as this one's.
            browser.get("about:blank");
            // the address the console's own links give: the key encoded with encodeURIComponent
            browser.get(console(node) + "#/key/" + key);

            assertThat(shownState(browser)).as("the view of key '%s'", key)
                    .isEqualTo(new Shown(key, String.valueOf(EVENTS.get(key))));
        }
    }

    /**
     * The empty key is a key the stream accepts (only a missing key is refused), so its events have state like any
     * other's; its address is #/key/ with nothing after it.
     */
    @Test
    void shouldOpenTheEmptyKeyByItsAddress() {
        browser.get("about:blank");
        browser.get(console(node) + "#/key/");

        assertThat(shownState(browser)).isEqualTo(new Shown("", "4"));
    }

    /** Spaces around a key are part of it: the search box opens the key typed, not the key without them. */
    @Test
    void shouldOpenAKeyWithLeadingAndTrailingSpacesFromTheSearchBox() {
        for (String key : List.of(" pump 7 ", "pump 7", "  ")) {
            WebElement search = freshSearchBox();

            search.sendKeys(key + Keys.ENTER);

            assertThat(shownState(browser)).as("the view of key '%s'", key)
                    .isEqualTo(new Shown(key, String.valueOf(EVENTS.get(key))));
        }
    }

    /**
     * A key that is not UTF-8 (such as an id a LongSerializer wrote) has state like any other: its console address
     * holds its bytes percent-encoded, and its view shows them written out as \xHH and marked, so that it does not
     * look like the UTF-8 key whose text that is.
     */
    @Test
    void shouldOpenAKeyThatIsNotUtf8ByItsAddressAndSetItApartFromItsLookalike() {
        browser.get("about:blank");
        browser.get(console(node) + "#/key/%00%00%00%00%00%00%00%C8");

        assertThat(shownState(browser)).isEqualTo(new Shown(LOOKALIKE, "8"));
        assertThat(headingBadge(browser)).as("the heading is marked as bytes").isEqualTo("\"bytes\"");

        browser.get("about:blank");
        // the address the console gives the UTF-8 key: its text encoded with encodeURIComponent
        browser.get(console(node) + "#/key/" + LOOKALIKE.replace("\\", "%5C"));

        assertThat(shownState(browser)).isEqualTo(new Shown(LOOKALIKE, "9"));
        assertThat(headingBadge(browser)).as("the UTF-8 key's heading is not marked").isEqualTo("none");
    }

    /** A suggested key that is not UTF-8 is opened by its bytes, not by its text (which names another key). */
    @Test
    void shouldOpenAKeyThatIsNotUtf8FromTheSearchSuggestions() {
        WebElement search = freshSearchBox();
        search.click();
        String suggested = new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).until(b -> (String) script(b,
                "var o = document.querySelector('#key-suggestions option[data-key-segment=\"%00%00%00%00%00%00%01%C8\"]');"
                        + " return o ? o.value : null;"));
        // by hand: the bytes written out
        assertThat(suggested).isEqualTo("\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\xC8");

        search.sendKeys(suggested + Keys.ENTER);

        assertThat(shownState(browser)).isEqualTo(new Shown(suggested, "10"));
        assertThat(headingBadge(browser)).isEqualTo("\"bytes\"");
    }

    /**
     * A key that is not UTF-8 is found by typing the start of the text the console shows for it, as a UTF-8 key is
     * by its text: before, only an empty search box suggested such keys. The UTF-8 key that reads alike is suggested
     * beside them, unmarked.
     */
    @Test
    void shouldSuggestKeysThatAreNotUtf8ByTheStartOfTheirWrittenOutBytes() {
        WebElement search = freshSearchBox();

        // an escape cut short, as typing leaves it: the keys whose text begins so, not every key after no bytes
        search.sendKeys("\\x0");

        // by hand: the bytes of ids 200 and 456 written out and percent-encoded, and the lookalike unmarked
        awaitSuggestions(List.of(
                "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xC8 %00%00%00%00%00%00%00%C8",
                "\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\xC8 %00%00%00%00%00%00%01%C8",
                LOOKALIKE + " -"));

        search.sendKeys("0\\x00\\x00\\x00\\x00\\x00\\x01");

        awaitSuggestions(List.of("\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\xC8 %00%00%00%00%00%00%01%C8"));

        search.clear();
        search.sendKeys("id\\");

        awaitSuggestions(List.of("id\\xC8 id%C8"));
    }

    /**
     * Waits until the search box's suggestions are {@code expected}, in any order, each its text and its
     * percent-encoded bytes ("-" for a UTF-8 key); fails with the last ones shown if they never are within the wait.
     */
    private void awaitSuggestions(List<String> expected) {
        List<String> last = new ArrayList<>();
        try {
            new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).until(b -> {
                @SuppressWarnings("unchecked")
                List<String> shown = (List<String>) script(b, "return Array.from(document.querySelectorAll("
                        + "'#key-suggestions option')).map(function (o) { return o.value + ' '"
                        + " + (o.getAttribute('data-key-segment') || '-'); });");
                last.clear();
                last.addAll(shown);
                return shown.size() == expected.size() && shown.containsAll(expected);
            });
        } catch (TimeoutException e) {
            assertThat(last).as("the suggestions").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** The console's search box, on a page loaded afresh. */
    private WebElement freshSearchBox() {
        browser.get("about:blank");
        browser.get(console(node));
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100))
                .until(b -> b.findElement(By.id("search-input")));
    }

    /** What the key view's heading shows after the key: the mark of a key that is not UTF-8, or none. */
    private static String headingBadge(WebDriver browser) {
        return (String) script(browser, "return getComputedStyle(document.getElementById('key-name'), '::after')"
                + ".content;");
    }

    /** {@code count} events for each key, then waits until the instance has processed them all. */
    private static void produce(StreamcastFixture app, Map<?, Integer> count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        count.forEach((key, n) -> {
            for (int i = 0; i < n; i++) {
                if (key instanceof byte[] bytes) {
                    ProducerRecord<byte[], byte[]> event = app.event("", T0 + i * 1000L, 1.0 + i);
                    records.add(new ProducerRecord<>(event.topic(), bytes, event.value()));
                } else {
                    records.add(app.event((String) key, T0 + i * 1000L, 1.0 + i));
                }
            }
        });
        app.produce(app.topics().events().name(), records);
        app.awaitInputConsumed();
    }

    private static String console(StreamcastNode node) {
        return "http://" + OpsHttp.endpoint(node) + "/";
    }

    /**
     * What the key view shows once the instance answered: the key it is the view of and its event count, or null
     * for the count when the instance said it has no such key; both null when the overview is shown instead.
     */
    private static Shown shownState(WebDriver browser) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).until(b -> script(b,
                "var s = document.getElementById('status').textContent;"
                        + " return !!document.getElementById('stat-keys') || s.indexOf('key served by') === 0"
                        + " || s === 'key not found' || s === 'key refused';")
                .equals(Boolean.TRUE));
        return new Shown((String) script(browser, "var name = document.getElementById('key-name');"
                        + " return name ? name.getAttribute('data-key') : null;"),
                (String) script(browser, "var chips = document.querySelectorAll('#key-facts .chip');"
                        + " for (var i = 0; i < chips.length; i++) {"
                        + "   if (chips[i].firstChild.textContent === 'events') { return chips[i].lastChild.textContent; }"
                        + " } return null;"));
    }

    private static Object script(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** The key a view names and the event count it shows. */
    private record Shown(String key, String eventCount) {
    }
}
