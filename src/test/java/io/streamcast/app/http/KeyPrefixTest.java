package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /console/api/keys?prefix=P} over real HTTP: a prefix that is not UTF-8 once percent-decoded is refused with
 * 400 and the reason, as a key path segment is, rather than looked up as U+FFFD and answered with no keys; any other
 * goes on to the store (which, not started here, answers 503).
 */
class KeyPrefixTest {

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

    @Test
    void shouldRefuseAPrefixThatIsNotUtf8() {
        // 0xFF is never part of UTF-8; 0xE2 0x82 is the start of the euro sign's three bytes, cut short
        for (String prefix : List.of("%FF", "pump-%E2%82", "%C3")) {
            HttpResponse<String> answer = instance.get("/console/api/keys?prefix=" + prefix);

            assertThat(answer.statusCode()).as(prefix).isEqualTo(400);
            assertThat(answer.body()).as(prefix).contains("prefix").contains("UTF-8");
        }
    }

    @Test
    void shouldRefuseAPrefixThatIsNotPercentEncoded() {
        // asked directly: an HTTP client refuses to send such a query at all
        for (String prefix : List.of("%ZZ", "pump%2", "%")) {
            assertThatThrownBy(() -> ConsoleEndpoints.queryParameter("prefix=" + prefix, "prefix")).as(prefix)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("percent-encoded");
        }
    }

    @Test
    void shouldTakeEveryOtherPrefixToTheStore() {
        // none, empty, a space either way, a plus, unicode beyond the basic plane; a malformed other parameter
        for (String query : List.of("", "?prefix=", "?prefix=a%20b", "?prefix=a+b", "?prefix=a%2Bb",
                "?prefix=%F0%9F%8C%A1", "?other=%FF&prefix=pump")) {
            assertThat(instance.get("/console/api/keys" + query).statusCode()).as(query).isEqualTo(503);
        }
    }

    @Test
    void shouldDecodeAPlusAsASpaceAndAnEncodedPlusAsAPlus() {
        // as HTML forms encode a query: "a b+c" is a+b%2Bc
        assertThat(ConsoleEndpoints.queryParameter("x=1&prefix=a+b%2Bc&prefix=second", "prefix")).isEqualTo("a b+c");
        assertThat(ConsoleEndpoints.queryParameter("x=1", "prefix")).isNull();
        assertThat(ConsoleEndpoints.queryParameter(null, "prefix")).isNull();
    }
}
