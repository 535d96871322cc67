package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /keys/{key}}, {@code /console/api/keys/{key}} and {@code /console/api/key?key=K} over real HTTP: a path
 * segment or parameter that names no key the stream could ever accept (one too long) is refused with 400 and the
 * reason, before any store is asked; one that does, of any bytes, goes on to the store (which, not started here,
 * answers 503).
 */
class KeySegmentTest {

    private static final List<String> ROUTES = List.of("/keys/", "/console/api/keys/", "/console/api/key?key=");

    @TempDir
    static Path stateDir;

    private static UnstartedInstance instance;

    @BeforeAll
    static void start() {
        instance = new UnstartedInstance(stateDir);
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    /**
     * A key is bytes, any bytes (an id that Kafka's LongSerializer wrote is seldom UTF-8), and has state like any
     * other: its bytes are looked up as they are.
     */
    @Test
    void shouldTakeKeysThatAreNotUtf8ToTheStore() {
        // 0xFF is never part of UTF-8; 0xE2 0x82 is the start of the euro sign's three bytes, cut short; id 200 as a
        // LongSerializer writes it ends in 0xC8, which begins a two-byte character
        for (String segment : List.of("%FF", "pump-%E2%82", "%C3", "%00%00%00%00%00%00%00%C8")) {
            for (String route : ROUTES) {
                HttpResponse<String> answer = instance.get(route + segment);

                assertThat(answer.statusCode()).as(route + segment + ": " + answer.body()).isEqualTo(503);
            }
        }
    }

    @Test
    void shouldDecodeAKeyToItsOwnBytes() {
        assertThat(KeySegment.decode("%00%00%00%00%00%00%00%C8")).containsExactly(0, 0, 0, 0, 0, 0, 0, 0xC8);
        assertThat(KeySegment.decode("pump-%E2%82")).containsExactly('p', 'u', 'm', 'p', '-', 0xE2, 0x82);
        // in a path a + is a plus; in a query, as HTML forms encode it, a space
        assertThat(KeySegment.decode("a+%2B%20%ff")).containsExactly('a', '+', '+', ' ', 0xFF);
        assertThat(KeySegment.decodeQueryValue("a+%2B%20%ff")).containsExactly('a', ' ', '+', ' ', 0xFF);
        // 512 bytes are the most a key may have, whether they are UTF-8 or not
        assertThat(KeySegment.decode("%C8".repeat(512))).hasSize(512);
        assertThatThrownBy(() -> KeySegment.decode("%C8".repeat(513))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the key is 513 bytes");
    }

    @Test
    void shouldRefuseKeysLongerThanTheStreamAccepts() {
        // 257 two-byte letters: 257 characters, 514 bytes, two more than the 512 bytes a key may have
        String tooLong = "%C3%BC".repeat(257);
        // 256 of them and 512 ASCII letters: exactly 512 bytes each
        String longest = "%C3%BC".repeat(256);
        String longestAscii = "a".repeat(512);
        for (String route : ROUTES) {
            HttpResponse<String> refused = instance.get(route + tooLong);
            assertThat(refused.statusCode()).as(route).isEqualTo(400);
            assertThat(refused.body()).as(route).contains("514 bytes").contains("512");
            assertThat(refused.body().length()).as("the key is not echoed back").isLessThan(300);

            assertThat(instance.get(route + longest).statusCode()).as(route).isEqualTo(503);
            assertThat(instance.get(route + longestAscii).statusCode()).as(route).isEqualTo(503);
        }
    }

    @Test
    void shouldTakeEveryOtherKeyToTheStore() {
        // a space, a slash, a percent sign, a plus, unicode beyond the basic plane, dots alone, encoded and as written
        // (Java's HTTP client, as instances forward queries, sends a path's dot segments as they are)
        for (String segment : List.of("a%20b", "a%2Fb", "100%25", "a+b", "%F0%9F%8C%A1", "%2E", "%2E%2E", ".", "..")) {
            for (String route : ROUTES) {
                assertThat(instance.get(route + segment).statusCode()).as(route + segment).isEqualTo(503);
            }
        }
    }

    /**
     * curl sends a key's UTF-8 bytes as they are when it is given them unencoded: they are the key's bytes, whatever
     * the server's reading of the request line (ISO-8859-1, a character per byte) made of them.
     */
    @Test
    void shouldTakeUnencodedBytesAsTheKeysOwn() {
        // "ü" is 2 bytes in UTF-8: 256 of them are exactly the 512 bytes a key may have, 257 are 514
        String longest = "ü".repeat(256);
        String tooLong = "ü".repeat(257);
        for (String route : ROUTES) {
            assertThat(status(instance.getRaw((route + longest).getBytes(StandardCharsets.UTF_8))))
                    .as(route + " 256 times ü").isEqualTo(503);

            String refused = instance.getRaw((route + tooLong).getBytes(StandardCharsets.UTF_8));
            assertThat(status(refused)).as(route + " 257 times ü").isEqualTo(400);
            assertThat(refused).as(route + " 257 times ü").contains("the key is 514 bytes");

            // 0xFF alone is never UTF-8, encoded or not; it is a key's byte all the same
            byte[] notUtf8 = (route + "pump-\u00ff").getBytes(StandardCharsets.ISO_8859_1);
            assertThat(status(instance.getRaw(notUtf8))).as(route + "pump-0xFF").isEqualTo(503);
        }
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    @Test
    void shouldSayWhatIsMissingWhenTheQueryNamesNoKey() {
        for (String query : List.of("", "?prefix=a", "?key")) {
            HttpResponse<String> answer = instance.get("/console/api/key" + query);

            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(answer.body()).as(query).contains("/console/api/key?key={key}");
        }
    }
}
